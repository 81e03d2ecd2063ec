//! The messages between the page and the simulation worker, as JSON strings.

use hookpad_core::simulate::{Simulation, SimulationInput};
use serde::{Deserialize, Serialize};

/// Worker → page, once: the worker is listening.
pub const READY: &str = "ready";

/// Page → worker: simulate this input; `id` pairs the reply with its request.
#[derive(Debug, Serialize, Deserialize)]
pub struct Job {
    pub id: u64,
    pub input: SimulationInput,
}

/// Worker → page.
#[derive(Debug, Serialize, Deserialize)]
pub struct Reply {
    pub id: u64,
    pub simulation: Simulation,
}

/// Runs one job (in the worker).
#[must_use]
pub fn run(job_json: &str) -> Option<String> {
    let mut job: Job = serde_json::from_str(job_json).ok()?;
    // The position encoding is not serialized; the page's text areas count UTF-16 units.
    job.input.encoding = hookpad_core::text::PositionEncoding::Utf16;
    let simulation = hookpad_core::simulate(&job.input);
    serde_json::to_string(&Reply {
        id: job.id,
        simulation,
    })
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::State;

    #[test]
    fn a_job_round_trips_through_json() {
        let input = State::example().simulation_input();
        let job = serde_json::to_string(&Job {
            id: 7,
            input: input.clone(),
        })
        .unwrap();
        let reply: Reply = serde_json::from_str(&run(&job).unwrap()).unwrap();
        assert_eq!(reply.id, 7);
        assert_eq!(reply.simulation, hookpad_core::simulate(&input));
    }
}
