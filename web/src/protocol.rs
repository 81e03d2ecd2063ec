//! The messages between the page and the simulation worker, as JSON strings.

use hookpad_core::simulate::{Simulation, SimulationInput};
use serde::{Deserialize, Serialize};

/// Worker → page, once: the worker is listening.
pub const READY: &str = "ready";

/// Page → worker: simulate this input; `id` pairs the reply with its request.
#[derive(Debug, Serialize, Deserialize)]
pub struct Job {
    pub id: u64,
    pub input: SimulationInputWire,
}

/// Worker → page.
#[derive(Debug, Serialize, Deserialize)]
pub struct Reply {
    pub id: u64,
    pub simulation: Simulation,
}

/// [`SimulationInput`] as sent to the worker (its position encoding is always UTF-16: the page's
/// text areas count columns that way).
#[derive(Debug, Serialize, Deserialize)]
pub struct SimulationInputWire {
    pub manifest: String,
    pub templates: std::collections::BTreeMap<String, String>,
    pub event: String,
    pub form_values: serde_json::Map<String, serde_json::Value>,
    pub dialect: hookpad_core::Dialect,
    pub mode: hookpad_core::Mode,
    pub environments: Option<Vec<String>>,
    pub policy: Option<String>,
    pub accesses: Option<Vec<hookpad_core::simulate::Access>>,
}

impl From<&SimulationInput> for SimulationInputWire {
    fn from(i: &SimulationInput) -> Self {
        Self {
            manifest: i.manifest.clone(),
            templates: i.templates.clone(),
            event: i.event.clone(),
            form_values: i.form_values.clone(),
            dialect: i.dialect,
            mode: i.mode,
            environments: i.environments.clone(),
            policy: i.policy.clone(),
            accesses: i.accesses.clone(),
        }
    }
}

impl From<SimulationInputWire> for SimulationInput {
    fn from(w: SimulationInputWire) -> Self {
        Self {
            manifest: w.manifest,
            templates: w.templates,
            event: w.event,
            form_values: w.form_values,
            dialect: w.dialect,
            mode: w.mode,
            environments: w.environments,
            policy: w.policy,
            accesses: w.accesses,
            encoding: hookpad_core::text::PositionEncoding::Utf16,
        }
    }
}

/// Runs one job (in the worker).
#[must_use]
pub fn run(job_json: &str) -> Option<String> {
    let job: Job = serde_json::from_str(job_json).ok()?;
    let simulation = hookpad_core::simulate(&job.input.into());
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
            input: (&input).into(),
        })
        .unwrap();
        let reply: Reply = serde_json::from_str(&run(&job).unwrap()).unwrap();
        assert_eq!(reply.id, 7);
        assert_eq!(reply.simulation, hookpad_core::simulate(&input));
    }
}
