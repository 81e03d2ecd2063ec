//! Turns a parsed, whitespace-controlled template into the `handlebars` crate's [`Template`].
//!
//! Structure and text come from [`super::syntax`]; each tag's expression is compiled by the crate
//! and rewritten so that printing, strict lookups and sections follow the dialect:
//!
//! | written | built |
//! |---|---|
//! | `{{a.b}}` | `{{__value "a.b" OFFSET}}` |
//! | `{{helper x k=y}}` | `{{__print (helper (__path "x") k=(__path "y"))}}` |
//! | `{{#helper x}}` | `{{#helper (__path "x")}}`, with our bodies |
//! | `{{#a.b}}` | `{{#__section "a.b" OFFSET}}` |
//! | `{{unknown x}}` | preview: `{{__missing_helper "unknown" OFFSET}}`; production: nothing |
//!
//! handlebars.js compiles identical block bodies once, so an error inside a repeated body is
//! reported at the first body's location; the builder reuses the first built body the same way.

use std::collections::HashMap;

use handlebars::template::TemplateElement;
use handlebars::Template;

use super::helpers::PUBLIC_HELPERS;
use super::rewrite::{above_root, literal_as_name, quoted_path, Rewrite};
use super::syntax::{js_space, Block, Expr, Mustache, Node, Program, SyntaxError};
use super::Dialect;
use crate::text::TextRange;

/// Builds the crate template for `program` (the root of a parsed template).
///
/// # Errors
/// A tag whose expression the crate cannot parse.
pub fn build(program: &Program, dialect: Dialect) -> Result<Template, SyntaxError> {
    let mut builder = Builder {
        dialect,
        bodies: HashMap::new(),
        block_params: Vec::new(),
        context_depth: 0,
    };
    builder.program(program, true)
}

struct Builder {
    dialect: Dialect,
    /// Block bodies built so far, by their canonical form (and the block parameters in scope).
    bodies: HashMap<String, Template>,
    /// The block parameters (`as |item i|`) of the blocks around the node being built.
    block_params: Vec<String>,
    /// How many blocks around the node being built change the context (`#each`, `#with`,
    /// sections): production looks a missing name up in those contexts.
    context_depth: usize,
}

fn is_helper(name: &str) -> bool {
    PUBLIC_HELPERS.contains(&name)
}

/// A block that is a mustache-style section (`{{#a.b}}`: handlebars.js's `blockHelperMissing`).
fn is_section(e: &Expr) -> bool {
    !(e.head.is_empty() || e.has_params || e.head_is_simple_id() && is_helper(&e.head))
}

/// How many positional arguments each helper takes, and whether handlebars.js enforces it
/// (raymond always does).
fn arity(helper: &str) -> Option<(usize, bool)> {
    Some(match helper {
        "if" | "unless" | "with" => (1, true),
        "each" => (1, false),
        "lookup" | "equal" | "equalWithElse" | "basicAuthHeaderValue" => (2, false),
        "pathEncode" | "queryEncode" => (1, false),
        "formatWithOffset" => (3, false),
        _ => return None,
    })
}

/// The number of positional arguments in a call (`helper a (sub x) k=v as |y|` has 2).
fn positional_params(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    let mut count = 0usize;
    let mut seen_head = false;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'(' => {
                if depth == 0 {
                    if seen_head {
                        count += 1;
                    }
                    seen_head = true;
                }
                depth += 1;
                i += 1;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'|' => i = text[i + 1..].find('|').map_or(text.len(), |p| i + p + 2),
            b'"' | b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != c {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                if depth == 0 {
                    count += usize::from(seen_head);
                    seen_head = true;
                }
            }
            _ if c.is_ascii_whitespace() || c == b'=' => i += 1,
            _ => {
                let start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'(' | b')' | b'=' | b'|')
                {
                    i = skip_segment_literal(text, i);
                }
                let is_key = text[i..].trim_start().starts_with('=');
                let word = &text[start..i];
                if depth == 0 && !is_key && word != "as" {
                    count += usize::from(seen_head);
                    seen_head = true;
                } else if depth == 0 && is_key {
                    // Skip the hash value: the next token.
                    let rest = text[i..].trim_start().trim_start_matches('=').trim_start();
                    let value_start = text.len() - rest.len();
                    i = skip_token(text, value_start);
                }
            }
        }
    }
    count
}

/// The end of the token (word, string or balanced subexpression) starting at `start`.
fn skip_token(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.get(start) else {
        return text.len();
    };
    match first {
        b'(' => {
            let mut depth = 0usize;
            for (j, &b) in bytes.iter().enumerate().skip(start) {
                match b {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
            }
            text.len()
        }
        b'"' | b'\'' => text[start + 1..]
            .find(char::from(first))
            .map_or(text.len(), |p| start + p + 2),
        _ => {
            let mut j = start;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'(' | b')' | b'|')
            {
                j = skip_segment_literal(text, j);
            }
            j
        }
    }
}

/// The offset after the character at `i`, or after the whole `[...]` segment literal that starts
/// there (a segment literal may hold spaces, `=` and parentheses: `[display name]`).
fn skip_segment_literal(text: &str, i: usize) -> usize {
    if text.as_bytes()[i] == b'[' {
        text[i..].find(']').map_or(text.len(), |p| i + p + 1)
    } else {
        i + 1
    }
}

impl Builder {
    fn program(&mut self, program: &Program, is_root: bool) -> Result<Template, SyntaxError> {
        let key = if is_root {
            None
        } else {
            Some(format!(
                "{}\u{1}{}\u{1}{}",
                self.block_params.join(" "),
                self.context_depth,
                canonical(program)
            ))
        };
        if let Some(existing) = key.as_ref().and_then(|k| self.bodies.get(k)) {
            return Ok(existing.clone());
        }
        let mut template = Template::new();
        // handlebars.js's `+` runs (see `run`): a section breaks them, differently when it is
        // the program's only statement or its last section.
        let last_section = program
            .body
            .iter()
            .rposition(|n| matches!(n, Node::Block(b) if is_section(&b.expr)));
        let simple = program.body.len() == 1;
        for (i, node) in program.body.iter().enumerate() {
            let element = match node {
                Node::Content(c) if !c.value.is_empty() => {
                    Some(TemplateElement::RawString(c.value.clone()))
                }
                Node::Content(_) | Node::Comment(_) => None,
                Node::Mustache(m) => self.mustache(m)?,
                Node::Block(b) => self.block(b, simple, last_section == Some(i))?,
            };
            template.elements.extend(element);
        }
        if let Some(key) = key {
            self.bodies.insert(key, template.clone());
        }
        Ok(template)
    }

    fn mustache(&mut self, m: &Mustache) -> Result<Option<TemplateElement>, SyntaxError> {
        let e = &m.expr;
        let raw = if m.escaped { "" } else { "_raw" };
        let offset = e.head_range.start.0;
        let text = if e.head.is_empty() {
            return Err(SyntaxError {
                message: "a subexpression cannot be a mustache's name".to_owned(),
                range: e.range,
                reported_at: None,
            });
        } else if !(e.has_params || e.head_is_simple_id() && is_helper(&e.head)) {
            if e.head_is_literal() && self.dialect == Dialect::Production {
                format!("{{{{__print{raw} {}}}}}", e.head)
            } else if e.head_is_literal() {
                // handlebars.js looks a literal in a path's place up as a name: `{{"a b"}}` is
                // `this["a b"]`, `{{007}}` is `this["7"]` (its `transformLiteralToPath`).
                let name = literal_as_name(&e.head);
                format!(
                    "{{{{__value{raw} {} {offset}}}}}",
                    quoted_path(&format!("[{name}]"))
                )
            } else if let Some(rest) = (self.dialect == Dialect::Preview)
                .then(|| above_root(&e.head, self.context_depth))
                .flatten()
            {
                if rest.is_empty() {
                    return Ok(None);
                }
                format!("{{{{__above_root {} {offset}}}}}", quoted_path(&e.head))
            } else if let Some(path) = self.rewrite().block_param_path(&e.head) {
                // Strict mode reads a block parameter without checks (and from its first
                // segment again): a miss prints nothing.
                format!("{{{{__print{raw} (__path {} true)}}}}", quoted_path(&path))
            } else {
                format!(
                    "{{{{__value{raw} {} {offset}{}}}}}",
                    quoted_path(&e.head),
                    self.depth_hash()
                )
            }
        } else if is_helper(&e.head) {
            if let Some(element) = self.arity_error(e)? {
                return Ok(Some(element));
            }
            format!("{{{{__print{raw} ({})}}}}", self.rewrite().params(&e.text))
        } else {
            return self.missing_helper(e);
        };
        compile_one(&text, m.range).map(Some)
    }

    fn missing_helper(&self, e: &Expr) -> Result<Option<TemplateElement>, SyntaxError> {
        match self.dialect {
            Dialect::Preview => {
                let text = format!(
                    "{{{{__missing_helper {} {}}}}}",
                    serde_json::Value::from(e.head.as_str()),
                    e.head_range.start.0
                );
                compile_one(&text, e.range).map(Some)
            }
            Dialect::Production => Ok(None),
        }
    }

    /// A call with the wrong number of arguments fails when it runs: raymond always checks,
    /// handlebars.js only for `if`, `unless` and `with` (and `each` without an argument).
    fn arity_error(&self, e: &Expr) -> Result<Option<TemplateElement>, SyntaxError> {
        let Some((expected, strict_in_preview)) = arity(&e.head) else {
            return Ok(None);
        };
        let given = positional_params(&e.text);
        let wrong = match self.dialect {
            Dialect::Production => given != expected,
            Dialect::Preview => {
                (strict_in_preview && given != expected) || (e.head == "each" && given == 0)
            }
        };
        if !wrong {
            return Ok(None);
        }
        let text = format!(
            "{{{{__helper_arity {} {expected} {given} {}}}}}",
            serde_json::Value::from(e.head.as_str()),
            e.head_range.start.0
        );
        compile_one(&text, e.range).map(Some)
    }

    fn block(
        &mut self,
        b: &Block,
        simple: bool,
        last_section: bool,
    ) -> Result<Option<TemplateElement>, SyntaxError> {
        let e = &b.expr;
        let text = if e.head.is_empty() {
            return Err(SyntaxError {
                message: "a block needs a helper name or a path".to_owned(),
                range: e.range,
                reported_at: None,
            });
        } else if e.head_is_simple_id() && is_helper(&e.head) {
            if let Some(element) = self.arity_error(e)? {
                return Ok(Some(element));
            }
            format!(
                "{{{{#{}}}}}{{{{/{}}}}}",
                self.rewrite().params(&e.text),
                e.head
            )
        } else if !e.has_params {
            let params = e
                .block_params
                .as_deref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default();
            let flags = match self.dialect {
                Dialect::Preview => format!(
                    "{}{}",
                    if simple { " simple=true" } else { "" },
                    if last_section { " last=true" } else { "" }
                ),
                Dialect::Production => String::new(),
            };
            format!(
                "{{{{#__section {} {}{}{flags}{params}}}}}{{{{/__section}}}}",
                quoted_path(&e.head),
                e.head_range.start.0,
                self.depth_hash()
            )
        } else {
            return self.missing_helper(e);
        };
        let mut element = compile_one(&text, b.range)?;
        let TemplateElement::HelperBlock(helper) = &mut element else {
            return Err(SyntaxError {
                message: format!("`{}` did not compile to a block", e.text),
                range: b.range,
                reported_at: None,
            });
        };
        // Block parameters name values in the block's program only, not in its `{{else}}`.
        let outer = self.block_params.len();
        if self.dialect == Dialect::Preview {
            let names = e.block_params.as_deref().unwrap_or_default();
            let names = names.trim_start_matches("as").trim().trim_matches('|');
            self.block_params.extend(
                names
                    .split(js_space)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
            );
        }
        let changes_context = matches!(e.head.as_str(), "each" | "with") || !is_helper(&e.head);
        self.context_depth += usize::from(changes_context);
        let program = b.program.as_ref().map(|p| self.program(p, false));
        self.context_depth -= usize::from(changes_context);
        self.block_params.truncate(outer);
        helper.template = program.transpose()?;
        helper.inverse = match &b.inverse {
            Some(p) => Some(self.program(p, false)?),
            None => None,
        };
        Ok(Some(element))
    }
}

impl Builder {
    fn rewrite(&self) -> Rewrite<'_> {
        Rewrite {
            js_literals: self.dialect == Dialect::Preview,
            block_params: &self.block_params,
            depth_hash: self.depth_hash(),
            above_root_after: (self.dialect == Dialect::Preview).then_some(self.context_depth),
        }
    }

    /// ` depth=N` for production's lookup in enclosing contexts (see `helpers::path::resolve`).
    fn depth_hash(&self) -> String {
        match self.dialect {
            Dialect::Production if self.context_depth > 0 => {
                format!(" depth={}", self.context_depth)
            }
            _ => String::new(),
        }
    }
}

/// Compiles a one-tag template with the crate and returns its element.
fn compile_one(text: &str, range: TextRange) -> Result<TemplateElement, SyntaxError> {
    let mut template = Template::compile(text).map_err(|e| SyntaxError {
        message: format!("invalid expression: {}", e.reason()),
        range,
        reported_at: None,
    })?;
    if template.elements.len() != 1 {
        return Err(SyntaxError {
            message: "invalid expression".to_owned(),
            range,
            reported_at: None,
        });
    }
    Ok(template.elements.remove(0))
}

/// A program's shape without locations: equal for bodies handlebars.js would compile to the same
/// opcodes.
fn canonical(program: &Program) -> String {
    let mut out = String::new();
    write_canonical(program, &mut out);
    out
}

fn write_canonical(program: &Program, out: &mut String) {
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
