//! Renders the compiled form ([`super::compile`]) against borrowed data: steps in order, each
//! call's arguments evaluated before the helper runs, blocks through their helper.

use serde_json::Value as Json;

use super::compile::{BlockKind, BlockStep, Operand, Program, Step};
use super::helpers::{self, fault, missing_helper, path, print, section, Args};
use super::limits::LimitedOutput;
use super::scope::{Scope, Val};
use super::{Dialect, RenderFault, RenderFaultReason};

/// One render: the dialect, the contexts and the output.
pub struct Renderer<'a> {
    pub dialect: Dialect,
    pub scope: Scope<'a>,
    pub out: LimitedOutput,
}

impl<'a> Renderer<'a> {
    #[must_use]
    pub fn new(data: &'a Json, dialect: Dialect) -> Self {
        Self {
            dialect,
            scope: Scope::new(data),
            out: LimitedOutput::default(),
        }
    }

    /// Renders every step of `program`.
    ///
    /// # Errors
    /// The first fault.
    pub fn program(&mut self, program: &'a Program) -> Result<(), RenderFault> {
        for step in &program.steps {
            self.step(step)?;
        }
        Ok(())
    }

    fn step(&mut self, step: &'a Step) -> Result<(), RenderFault> {
        match step {
            Step::Text(text) => self.out.write(text),
            Step::Value {
                path,
                escape,
                at,
                depth,
            } => print::value(self, path, *escape, *at, *depth),
            Step::Print { value, escape } => {
                let v = self.operand(value)?;
                print::write(self, v.as_deref(), *escape)
            }
            Step::AboveRoot { path, at } => match missing_helper::above_root(path, Some(*at)) {
                Some(error) => Err(error),
                None => Ok(()),
            },
            Step::MissingHelper { name, at } => Err(fault(
                RenderFaultReason::MissingHelper(name.clone()),
                Some(*at),
            )),
            Step::Arity {
                helper,
                expected,
                given,
                at,
            } => Err(fault(
                RenderFaultReason::HelperArity {
                    helper: (*helper).to_owned(),
                    expected: *expected,
                    given: *given,
                },
                Some(*at),
            )),
            Step::Block(block) => self.block(block),
        }
    }

    fn block(&mut self, block: &'a BlockStep) -> Result<(), RenderFault> {
        match &block.kind {
            BlockKind::Helper(call) => {
                let args = self.args(call)?;
                helpers::block(self, block, call, &args)
            }
            BlockKind::Section {
                path,
                at,
                depth,
                simple,
                last,
            } => section::render(self, block, path, *at, *depth, (*simple, *last)),
        }
    }

    /// A call's arguments, in order: parameters, then hash values.
    ///
    /// # Errors
    /// A fault while evaluating one.
    pub fn args(&mut self, call: &'a super::compile::Call) -> Result<Args<'a>, RenderFault> {
        let mut params = Vec::with_capacity(call.params.len());
        for p in &call.params {
            params.push(self.operand(p)?);
        }
        let mut hash = Vec::with_capacity(call.hash.len());
        for (k, v) in &call.hash {
            hash.push((k.as_str(), self.operand(v)?));
        }
        Ok(Args { params, hash })
    }

    /// An operand's value; `None` is `undefined`.
    ///
    /// # Errors
    /// A path the dialect cannot read (preview's `TypeError`s), a helper's error.
    pub fn operand(&mut self, operand: &'a Operand) -> Result<Option<Val<'a>>, RenderFault> {
        match operand {
            Operand::Path {
                path,
                block_param,
                depth,
            } => path::argument(self, path, *block_param, *depth),
            Operand::Literal(v) => Ok(Some(Val::Made(std::rc::Rc::clone(v)))),
            Operand::Undefined => Ok(None),
            Operand::AboveRoot(p) => match missing_helper::above_root(p, None) {
                Some(error) => Err(error),
                None => Ok(Some(Val::made(Json::String(String::new())))),
            },
            Operand::Call(call) => {
                let args = self.args(call)?;
                helpers::value(call, &args, self)
            }
            Operand::Unknown(name) => {
                Err(RenderFault::unlocated(RenderFaultReason::RejectedCall {
                    helper: name.clone(),
                }))
            }
        }
    }
}
