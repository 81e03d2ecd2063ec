//! The compiled form of a template: each tag's expression tree ([`super::syntax::expression`])
//! resolved once for the dialect into what the renderer ([`super::eval`]) runs.
//!
//! | written | compiled |
//! |---|---|
//! | `{{a.b}}` | [`Step::Value`]: a strict lookup in preview |
//! | `{{helper x k=y}}` | [`Step::Print`] of a [`Operand::Call`] |
//! | `{{#helper x}}` | [`Step::Block`] with [`BlockKind::Helper`] |
//! | `{{#a.b}}` | [`Step::Block`] with [`BlockKind::Section`] |
//! | `{{unknown x}}` | preview: [`Step::MissingHelper`]; production: nothing |
//!
//! handlebars.js compiles identical block bodies once, so an error inside a repeated body is
//! reported at the first body's location; the compiler reuses the first compiled body the same
//! way.

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value as Json;

use super::helpers::{self, Helper};
use super::syntax::{self, js_space, Block, Expr, LiteralValue, Mustache, Node, SyntaxError};
use super::value::js_number;
use super::Dialect;

/// A program: the whole template, or a block's body.
#[derive(Debug, Default)]
pub struct Program {
    pub steps: Vec<Step>,
}

#[derive(Debug)]
pub enum Step {
    Text(String),
    /// `{{path}}`: strict in preview (a miss is an error at `at`).
    Value {
        path: syntax::Path,
        escape: bool,
        at: usize,
        depth: usize,
    },
    /// `{{helper …}}`, a literal (production), a block parameter's path (preview).
    Print {
        value: Operand,
        escape: bool,
    },
    /// Preview: `{{../x}}` climbing above the root (handlebars.js reads `undefined` there).
    AboveRoot {
        path: syntax::Path,
        at: usize,
    },
    /// Preview: a call to a helper that does not exist.
    MissingHelper {
        name: String,
        at: usize,
    },
    /// A helper called with the wrong number of arguments.
    Arity {
        helper: &'static str,
        expected: usize,
        given: usize,
        at: usize,
    },
    Block(Box<BlockStep>),
}

#[derive(Debug)]
pub struct BlockStep {
    pub kind: BlockKind,
    pub program: Option<Rc<Program>>,
    pub inverse: Option<Rc<Program>>,
    /// `as |a b|`.
    pub block_params: Vec<String>,
}

#[derive(Debug)]
pub enum BlockKind {
    Helper(Call),
    /// `{{#a.b}}`: handlebars.js's `blockHelperMissing`. `simple`: the program's only
    /// statement; `last`: its program's last section (preview's `+` runs, see `run`).
    Section {
        path: syntax::Path,
        at: usize,
        depth: usize,
        simple: bool,
        last: bool,
    },
}

/// A call of a helper Hookpad knows.
#[derive(Debug)]
pub struct Call {
    pub helper: Helper,
    pub params: Vec<Operand>,
    pub hash: Vec<(String, Operand)>,
}

impl Call {
    /// The hash value named `key`.
    #[must_use]
    pub fn hash_get(&self, key: &str) -> Option<&Operand> {
        self.hash.iter().find_map(|(k, v)| (k == key).then_some(v))
    }
}

/// A value a call reads.
#[derive(Debug)]
pub enum Operand {
    /// A path, looked up as the dialect does; `block_param`: (preview) it starts with a block
    /// parameter and is read from it again (handlebars.js's strict lookup); `depth`: how many
    /// enclosing blocks may change the context (production looks a miss up in them).
    Path {
        path: syntax::Path,
        block_param: bool,
        depth: usize,
    },
    Literal(Rc<Json>),
    /// `undefined`.
    Undefined,
    /// Preview: a path climbing above the root; reading a name there is a `TypeError`.
    AboveRoot(syntax::Path),
    Call(Box<Call>),
    /// A subexpression calling a helper that does not exist.
    Unknown(String),
}

/// Compiles the root program of a parsed, whitespace-controlled template.
///
/// # Errors
/// A tag the dialect cannot compile (a subexpression as a name, a literal the production
/// engine does not read).
pub fn compile(program: &syntax::Program, dialect: Dialect) -> Result<Program, SyntaxError> {
    let mut compiler = Compiler {
        dialect,
        bodies: HashMap::new(),
        block_params: Vec::new(),
        context_depth: 0,
    };
    compiler.program(program)
}

struct Compiler {
    dialect: Dialect,
    /// Block bodies compiled so far, by their canonical form (and the scope they were built in).
    bodies: HashMap<String, Rc<Program>>,
    /// Preview: the block parameters (`as |item i|`) of the blocks around the node compiled.
    block_params: Vec<String>,
    /// How many blocks around the node compiled may change the context.
    context_depth: usize,
}

/// The known helper a tag's head names, if it is a single name.
fn head_helper(e: &Expr) -> Option<Helper> {
    match &e.call.head {
        syntax::Operand::Path(p) if p.is_simple() => helpers::find(&p.original),
        _ => None,
    }
}

fn has_params(e: &Expr) -> bool {
    !e.call.params.is_empty() || !e.call.hash.is_empty()
}

/// A block that is a mustache-style section (`{{#a.b}}`).
fn is_section(e: &Expr) -> bool {
    !matches!(e.call.head, syntax::Operand::Sub(_)) && !has_params(e) && head_helper(e).is_none()
}

fn head_at(e: &Expr) -> usize {
    e.call.head.range().start.to_usize()
}

impl Compiler {
    fn program(&mut self, program: &syntax::Program) -> Result<Program, SyntaxError> {
        let last_section = program
            .body
            .iter()
            .rposition(|n| matches!(n, Node::Block(b) if is_section(&b.expr)));
        let simple = program.body.len() == 1;
        let mut steps = Vec::with_capacity(program.body.len());
        for (i, node) in program.body.iter().enumerate() {
            let step = match node {
                Node::Content(c) if !c.value.is_empty() => Some(Step::Text(c.value.clone())),
                Node::Content(_) | Node::Comment(_) => None,
                Node::Mustache(m) => self.mustache(m)?,
                Node::Block(b) => self.block(b, simple, last_section == Some(i))?,
            };
            steps.extend(step);
        }
        Ok(Program { steps })
    }

    /// A block's body: compiled once per canonical form and scope.
    fn body(&mut self, program: &syntax::Program) -> Result<Rc<Program>, SyntaxError> {
        let key = format!(
            "{}\u{1}{}\u{1}{}",
            self.block_params.join(" "),
            self.context_depth,
            canonical(program)
        );
        if let Some(existing) = self.bodies.get(&key) {
            return Ok(Rc::clone(existing));
        }
        let compiled = Rc::new(self.program(program)?);
        self.bodies.insert(key, Rc::clone(&compiled));
        Ok(compiled)
    }

    fn mustache(&mut self, m: &Mustache) -> Result<Option<Step>, SyntaxError> {
        let e = &m.expr;
        let escape = m.escaped;
        let at = head_at(e);
        let head = match &e.call.head {
            syntax::Operand::Sub(_) => {
                return Err(SyntaxError {
                    message: "a subexpression cannot be a mustache's name".to_owned(),
                    range: e.range,
                    reported_at: None,
                })
            }
            head => head,
        };
        if has_params(e) || head_helper(e).is_some() {
            let Some(helper) = head_helper(e) else {
                return Ok(self.missing_helper(e));
            };
            if let Some(step) = self.arity_error(e, helper) {
                return Ok(Some(step));
            }
            if e.call.block_params.is_some() {
                return Err(invalid_block_params(m.range));
            }
            let call = self.call(helper, &e.call)?;
            return Ok(Some(Step::Print {
                value: Operand::Call(Box::new(call)),
                escape,
            }));
        }
        let path = match head {
            syntax::Operand::Literal(l) if self.dialect == Dialect::Production => {
                let value = match &l.value {
                    // Not a literal to the production engine: a name.
                    LiteralValue::Undefined => Operand::Path {
                        path: syntax::expression::path(&l.original, l.range),
                        block_param: false,
                        depth: self.context_depth,
                    },
                    _ => self.literal(l)?,
                };
                return Ok(Some(Step::Print { value, escape }));
            }
            syntax::Operand::Literal(l) => {
                // handlebars.js looks a literal in a path's place up as a name: `{{"a b"}}` is
                // `this["a b"]`, `{{007}}` is `this["7"]` (its `transformLiteralToPath`).
                let name = literal_as_name(&l.value, &l.original);
                syntax::Path {
                    original: format!("[{name}]"),
                    data: false,
                    parents: 0,
                    explicit_this: false,
                    parts: vec![name],
                    range: l.range,
                }
            }
            syntax::Operand::Path(p) => p.clone(),
            syntax::Operand::Sub(_) => return Ok(None),
        };
        if self.dialect == Dialect::Preview && !path.data && path.parents > self.context_depth {
            if path.parts.is_empty() {
                return Ok(None);
            }
            return Ok(Some(Step::AboveRoot { path, at }));
        }
        if let Some(path) = self.block_param_path(&path) {
            return Ok(Some(Step::Print {
                value: Operand::Path {
                    path,
                    block_param: true,
                    depth: 0,
                },
                escape,
            }));
        }
        Ok(Some(Step::Value {
            path,
            escape,
            at,
            depth: self.context_depth,
        }))
    }

    fn missing_helper(&self, e: &Expr) -> Option<Step> {
        match self.dialect {
            Dialect::Preview => Some(Step::MissingHelper {
                name: e.head.clone(),
                at: head_at(e),
            }),
            Dialect::Production => None,
        }
    }

    /// A call with the wrong number of arguments fails when it runs: raymond always checks,
    /// handlebars.js only for the helpers the table marks (and `each` without an argument).
    fn arity_error(&self, e: &Expr, helper: Helper) -> Option<Step> {
        let info = helper.info();
        let given = e.call.params.len();
        let wrong = match self.dialect {
            Dialect::Production => given != info.arity,
            Dialect::Preview => {
                (info.arity_checked_in_preview && given != info.arity)
                    || (helper == Helper::Each && given == 0)
            }
        };
        wrong.then_some(Step::Arity {
            helper: info.name,
            expected: info.arity,
            given,
            at: head_at(e),
        })
    }

    fn block(
        &mut self,
        b: &Block,
        simple: bool,
        last_section: bool,
    ) -> Result<Option<Step>, SyntaxError> {
        let e = &b.expr;
        if matches!(e.call.head, syntax::Operand::Sub(_)) {
            return Err(SyntaxError {
                message: "a block needs a helper name or a path".to_owned(),
                range: e.range,
                reported_at: None,
            });
        }
        let helper = head_helper(e);
        let kind = if let Some(helper) = helper {
            if let Some(step) = self.arity_error(e, helper) {
                return Ok(Some(step));
            }
            BlockKind::Helper(self.call(helper, &e.call)?)
        } else if !has_params(e) {
            let path = match &e.call.head {
                syntax::Operand::Path(p) => p.clone(),
                other => syntax::expression::path(other.original(), other.range()),
            };
            BlockKind::Section {
                path,
                at: head_at(e),
                depth: self.context_depth,
                simple: simple && self.dialect == Dialect::Preview,
                last: last_section && self.dialect == Dialect::Preview,
            }
        } else {
            return Ok(self.missing_helper(e));
        };
        let block_params: Vec<String> = e
            .call
            .block_params
            .as_ref()
            .map(|p| p.names.clone())
            .unwrap_or_default();
        // One or two names, each an identifier (the grammar of the engine this replaces).
        let identifier = |n: &String| {
            n.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '$' | ':') || !c.is_ascii())
        };
        if e.call.block_params.is_some()
            && (!(1..=2).contains(&block_params.len()) || !block_params.iter().all(identifier))
        {
            return Err(invalid_block_params(b.range));
        }
        // Block parameters name values in the block's program only, not in its `{{else}}`.
        let outer = self.block_params.len();
        if self.dialect == Dialect::Preview {
            self.block_params.extend(block_params.iter().cloned());
        }
        let changes_context = helper.is_none_or(|h| h.info().changes_context);
        self.context_depth += usize::from(changes_context);
        let program = b.program.as_ref().map(|p| self.body(p));
        self.context_depth -= usize::from(changes_context);
        self.block_params.truncate(outer);
        let program = program.transpose()?;
        let inverse = match &b.inverse {
            Some(p) => Some(self.body(p)?),
            None => None,
        };
        Ok(Some(Step::Block(Box::new(BlockStep {
            kind,
            program,
            inverse,
            block_params,
        }))))
    }

    /// handlebars.js in strict mode reads a path that starts with a block parameter from the
    /// parameter's value *including* its first segment (`item.name` is `item.item.name`: its
    /// `strictLookup` ignores the start index), with no strict check.
    fn block_param_path(&self, path: &syntax::Path) -> Option<syntax::Path> {
        if path.data || path.parents > 0 || path.explicit_this || path.original.starts_with('[') {
            return None;
        }
        let first = path.parts.first()?;
        if !self.block_params.contains(first) {
            return None;
        }
        let mut doubled = path.clone();
        doubled.parts.insert(0, first.clone());
        Some(doubled)
    }

    fn call(&self, helper: Helper, call: &syntax::Call) -> Result<Call, SyntaxError> {
        Ok(Call {
            helper,
            params: call
                .params
                .iter()
                .map(|p| self.operand(p))
                .collect::<Result<_, _>>()?,
            hash: call
                .hash
                .iter()
                .map(|pair| Ok((pair.key.clone(), self.operand(&pair.value)?)))
                .collect::<Result<_, SyntaxError>>()?,
        })
    }

    fn operand(&self, operand: &syntax::Operand) -> Result<Operand, SyntaxError> {
        Ok(match operand {
            syntax::Operand::Sub(sub) => {
                let helper = match &sub.head {
                    syntax::Operand::Path(p) if p.is_simple() => helpers::find(&p.original),
                    _ => None,
                };
                match helper {
                    Some(helper) => Operand::Call(Box::new(self.call(helper, sub)?)),
                    None => Operand::Unknown(sub.head.original().to_owned()),
                }
            }
            syntax::Operand::Literal(l) if l.value == LiteralValue::Undefined => Operand::Undefined,
            syntax::Operand::Literal(l) => self.literal(l)?,
            syntax::Operand::Path(p) => {
                if self.dialect == Dialect::Preview && !p.data && p.parents > self.context_depth {
                    // Above the root handlebars.js reads `undefined`, and a name of it is a
                    // TypeError.
                    if p.parts.is_empty() {
                        Operand::Undefined
                    } else {
                        Operand::AboveRoot(p.clone())
                    }
                } else if let Some(path) = self.block_param_path(p) {
                    Operand::Path {
                        path,
                        block_param: true,
                        depth: 0,
                    }
                } else {
                    Operand::Path {
                        path: p.clone(),
                        block_param: false,
                        depth: self.context_depth,
                    }
                }
            }
        })
    }

    /// A literal's value: handlebars.js's lexer in preview (a number in JavaScript's form, a
    /// string that keeps its backslashes); JSON's rules in production.
    fn literal(&self, l: &syntax::Literal) -> Result<Operand, SyntaxError> {
        let invalid = || SyntaxError {
            message: format!("invalid expression: invalid literal `{}`", l.original),
            range: l.range,
            reported_at: None,
        };
        let value = match (&l.value, self.dialect) {
            (LiteralValue::Undefined, _) => return Ok(Operand::Undefined),
            (LiteralValue::Boolean(b), _) => Json::Bool(*b),
            (LiteralValue::Null, _) => Json::Null,
            (LiteralValue::String { raw, quote }, Dialect::Preview) => {
                Json::String(LiteralValue::js_string(raw, *quote))
            }
            (LiteralValue::Number(n), Dialect::Preview) => {
                let f: f64 = n.parse().map_err(|_| invalid())?;
                serde_json::from_str(&js_number(f)).map_err(|_| invalid())?
            }
            (LiteralValue::String { raw, quote: '\'' }, Dialect::Production) => {
                let double = format!("\"{}\"", raw.replace("\\'", "'").replace('"', "\\\""));
                serde_json::from_str(&double).map_err(|_| invalid())?
            }
            (LiteralValue::String { .. } | LiteralValue::Number(_), Dialect::Production) => {
                serde_json::from_str(&l.original).map_err(|_| invalid())?
            }
        };
        Ok(Operand::Literal(Rc::new(value)))
    }
}

fn invalid_block_params(range: crate::text::TextRange) -> SyntaxError {
    SyntaxError {
        message: "invalid expression: block parameters take one or two names, on a block only"
            .to_owned(),
        range,
        reported_at: None,
    }
}

/// A literal's JavaScript value as a string (`String(literal.original)`): a string literal's
/// text, a number in JavaScript's form, `true`, `null`, `undefined`.
fn literal_as_name(value: &LiteralValue, original: &str) -> String {
    match value {
        LiteralValue::String { raw, .. } => raw.clone(),
        LiteralValue::Number(n) => n
            .parse::<f64>()
            .map_or_else(|_| original.to_owned(), js_number),
        _ => original.to_owned(),
    }
}

/// A program's shape without locations: equal for bodies handlebars.js would compile to the same
/// opcodes.
fn canonical(program: &syntax::Program) -> String {
    let mut out = String::new();
    write_canonical(program, &mut out);
    out
}

fn write_canonical(program: &syntax::Program, out: &mut String) {
    for node in &program.body {
        match node {
            Node::Content(c) if !c.value.is_empty() => {
                out.push_str("\u{1}T");
                out.push_str(&c.value);
            }
            Node::Content(_) | Node::Comment(_) => {}
            Node::Mustache(m) => {
                out.push_str(if m.escaped { "\u{1}M" } else { "\u{1}R" });
                push_normalized(&m.expr.text, out);
            }
            Node::Block(b) => {
                out.push_str("\u{1}B");
                push_normalized(&b.expr.text, out);
                out.push_str("\u{1}(");
                if let Some(p) = &b.program {
                    write_canonical(p, out);
                }
                out.push_str("\u{1}|");
                if let Some(p) = &b.inverse {
                    write_canonical(p, out);
                }
                out.push_str("\u{1})");
            }
        }
    }
}

fn push_normalized(text: &str, out: &mut String) {
    let mut first = true;
    for word in text.split(js_space).filter(|w| !w.is_empty()) {
        if !first {
            out.push(' ');
        }
        out.push_str(word);
        first = false;
    }
}

#[cfg(test)]
mod tests;
