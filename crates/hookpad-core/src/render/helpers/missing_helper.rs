//! Stands in for a call to a helper that does not exist (preview only: handlebars.js throws
//! `Missing helper`; raymond renders nothing, so production emits nothing for it).

use handlebars::{Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext};

use super::{fault, offset_param};
use crate::render::RenderFaultReason;

pub struct MissingHelper;

impl HelperDef for MissingHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        _: &mut dyn Output,
    ) -> HelperResult {
        let name = h
            .param(0)
            .and_then(|p| p.value().as_str())
            .unwrap_or_default()
            .to_owned();
        Err(fault(
            RenderFaultReason::MissingHelper(name),
            offset_param(h, 1),
        ))
    }
}

/// Stands in for a helper call with the wrong number of arguments (see the builder).
pub struct HelperArity;

impl HelperDef for HelperArity {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        _: &mut dyn Output,
    ) -> HelperResult {
        let number = |i| {
            h.param(i)
                .and_then(|p| p.value().as_u64())
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0)
        };
        let helper = h
            .param(0)
            .and_then(|p| p.value().as_str())
            .unwrap_or_default()
            .to_owned();
        let reason = RenderFaultReason::HelperArity {
            helper,
            expected: number(1),
            given: number(2),
        };
        Err(fault(reason, offset_param(h, 3)))
    }
}
