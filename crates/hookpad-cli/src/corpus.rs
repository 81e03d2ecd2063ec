//! `hookpad corpus`: renders every case of a reference corpus (the layout of `shared/corpus`) in
//! both dialects and compares with the reference engines' outputs.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hookpad_core::context::{body_context, endpoint_context, form_values, oauth};
use hookpad_core::render::{compile, Compiled};
use hookpad_core::{Dialect, Manifest, RenderFault, RenderFaultReason};
use serde::Deserialize;
use serde_json::{Map, Value as Json};

/// One line of `cases.jsonl`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    pub id: String,
    pub dir: String,
    pub context: String,
    pub kind: String,
    #[serde(default)]
    pub template_path: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub json_template: bool,
    pub expected: Expected,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Expected {
    pub handlebarsjs: Outcome,
    pub raymond: Outcome,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Outcome {
    #[serde(default)]
    pub output: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub variants: Vec<String>,
}

/// A corpus read from disk: cases, and the files they refer to.
pub struct Corpus {
    pub root: PathBuf,
    pub cases: Vec<Case>,
    files: HashMap<PathBuf, String>,
}

/// How one case came out in one dialect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Identical,
    /// Equal once all white space is removed.
    WhitespaceOnly,
    Different,
}

/// The result of rendering one case.
pub struct CaseRun {
    pub template: String,
    pub result: Result<String, RenderFault>,
    pub verdict: Verdict,
}

/// Totals over a corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: usize,
    pub preview_identical: usize,
    pub production_identical: usize,
    pub production_whitespace: usize,
}

impl Summary {
    /// How many cases differ from the reference in each dialect: (preview, production), where a
    /// production case that matches only ignoring white space counts as differing.
    #[must_use]
    pub fn differing(&self) -> (usize, usize) {
        (
            self.total - self.preview_identical,
            self.total - self.production_identical,
        )
    }

    /// The two closing lines of `hookpad corpus`.
    #[must_use]
    pub fn lines(&self) -> String {
        format!(
            "preview: {}/{t} identical\nproduction: {}/{t} identical, {}/{t} identical ignoring whitespace",
            self.preview_identical,
            self.production_identical,
            self.production_whitespace,
            t = self.total
        )
    }
}

impl Corpus {
    /// Reads `cases.jsonl` under `root`.
    ///
    /// # Errors
    /// A missing or unreadable `cases.jsonl`, or a line that is not a case.
    pub fn open(root: &Path) -> Result<Self, String> {
        let path = root.join("cases.jsonl");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let cases = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| {
                serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
            })
            .collect::<Result<Vec<Case>, String>>()?;
        Ok(Self {
            root: root.to_owned(),
            cases,
            files: HashMap::new(),
        })
    }

    fn read(&mut self, path: PathBuf) -> Result<String, String> {
        if let Some(text) = self.files.get(&path) {
            return Ok(text.clone());
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        self.files.insert(path, text.clone());
        Ok(text)
    }

    /// The template text and the context a case renders with.
    ///
    /// # Errors
    /// A file the case names that cannot be read or parsed.
    pub fn inputs(&mut self, case: &Case) -> Result<(String, Json), String> {
        let dir = self.root.join("integrations").join(&case.dir);
        let manifest_text = self.read(dir.join("manifest.json"))?;
        let manifest_json: Json =
            serde_json::from_str(&manifest_text).map_err(|e| format!("{}: {e}", case.dir))?;
        let manifest = Manifest::from_json(&manifest_json);
        let event_text = self.read(
            self.root
                .join("contexts")
                .join(format!("{}.json", case.context)),
        )?;
        let event: Json =
            serde_json::from_str(&event_text).map_err(|e| format!("{}: {e}", case.context))?;
        let values = form_values(&manifest, &Map::new());
        let oauth = oauth(manifest.requires_oauth);
        if case.kind == "body" {
            let path = case.template_path.clone().unwrap_or_default();
            let template = self.read(dir.join(&path))?;
            Ok((
                template,
                body_context(&event, case.json_template, &values, &oauth),
            ))
        } else {
            let template = case.template.clone().unwrap_or_default();
            Ok((template, endpoint_context(&event, &values, &oauth)))
        }
    }

    /// Renders one case in one dialect and compares it with the reference.
    ///
    /// # Errors
    /// See [`Corpus::inputs`].
    pub fn run(
        &mut self,
        case: &Case,
        dialect: Dialect,
        cache: &mut TemplateCache,
    ) -> Result<CaseRun, String> {
        let (template, context) = self.inputs(case)?;
        let result = cache
            .compiled(&template, dialect)
            .and_then(|c| c.render(context, dialect));
        let expected = match dialect {
            Dialect::Preview => &case.expected.handlebarsjs,
            Dialect::Production => &case.expected.raymond,
        };
        let verdict = judge(&template, &result, expected);
        Ok(CaseRun {
            template,
            result,
            verdict,
        })
    }

    /// Renders every case in both dialects. `on_failure` sees each case that is not identical.
    ///
    /// # Errors
    /// See [`Corpus::inputs`].
    pub fn summarize(
        &mut self,
        mut on_failure: impl FnMut(&Case, Dialect, &CaseRun),
    ) -> Result<Summary, String> {
        let mut summary = Summary::default();
        let mut cache = TemplateCache::default();
        let cases = self.cases.clone();
        for case in &cases {
            summary.total += 1;
            for dialect in Dialect::ALL {
                let run = self.run(case, dialect, &mut cache)?;
                match (dialect, &run.verdict) {
                    (Dialect::Preview, Verdict::Identical) => summary.preview_identical += 1,
                    (Dialect::Production, Verdict::Identical) => {
                        summary.production_identical += 1;
                        summary.production_whitespace += 1;
                    }
                    (Dialect::Production, Verdict::WhitespaceOnly) => {
                        summary.production_whitespace += 1
                    }
                    _ => {}
                }
                if run.verdict != Verdict::Identical {
                    on_failure(case, dialect, &run);
                }
            }
        }
        Ok(summary)
    }
}

/// Compiled templates by (text, dialect), so a template shared by many cases compiles once.
#[derive(Default)]
pub struct TemplateCache {
    compiled: HashMap<(String, Dialect), Result<Compiled, RenderFault>>,
}

impl TemplateCache {
    /// The compiled form of `text`.
    ///
    /// # Errors
    /// The template's syntax error.
    pub fn compiled(&mut self, text: &str, dialect: Dialect) -> Result<&Compiled, RenderFault> {
        self.compiled
            .entry((text.to_owned(), dialect))
            .or_insert_with(|| compile(text, dialect))
            .as_ref()
            .map_err(Clone::clone)
    }
}

fn without_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The `name` and `L:C` of a handlebars.js strict-mode message.
fn error_key(message: &str) -> Option<(String, String)> {
    let name = message.strip_prefix('"')?.split('"').next()?.to_owned();
    let location = message.rsplit(" - ").next()?.to_owned();
    Some((name, location))
}

fn judge(template: &str, result: &Result<String, RenderFault>, expected: &Outcome) -> Verdict {
    match (result, &expected.error) {
        (Err(fault), Some(message)) => {
            let ours = match &fault.reason {
                RenderFaultReason::MissingField { .. } => {
                    error_key(&fault.handlebars_js_message(template))
                }
                _ => None,
            };
            if ours.is_some() && ours == error_key(message) {
                Verdict::Identical
            } else {
                Verdict::Different
            }
        }
        (Ok(output), None) => {
            let candidates = expected.output.iter().chain(expected.variants.iter());
            let mut verdict = Verdict::Different;
            for candidate in candidates {
                if candidate == output {
                    return Verdict::Identical;
                }
                if without_whitespace(candidate) == without_whitespace(output) {
                    verdict = Verdict::WhitespaceOnly;
                }
            }
            verdict
        }
        _ => Verdict::Different,
    }
}

/// A readable report of one mismatch: the expectation, what Hookpad produced, and the first line
/// where they part.
#[must_use]
pub fn describe_failure(case: &Case, dialect: Dialect, run: &CaseRun) -> String {
    let expected = match dialect {
        Dialect::Preview => &case.expected.handlebarsjs,
        Dialect::Production => &case.expected.raymond,
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "--- {} [{}] ({:?})",
        case.id,
        dialect.name(),
        run.verdict
    );
    let ours = match &run.result {
        Ok(s) => s.clone(),
        Err(f) => format!("ERROR: {}", f.handlebars_js_message(&run.template)),
    };
    let theirs = match (&expected.output, &expected.error) {
        (Some(o), _) => o.clone(),
        (None, Some(e)) => format!("ERROR: {e}"),
        _ => String::new(),
    };
    let ours_lines: Vec<&str> = ours.split('\n').collect();
    let theirs_lines: Vec<&str> = theirs.split('\n').collect();
    let first_diff = (0..ours_lines.len().max(theirs_lines.len()))
        .find(|&i| ours_lines.get(i) != theirs_lines.get(i))
        .unwrap_or(0);
    let from = first_diff.saturating_sub(2);
    let _ = writeln!(out, "first difference at output line {}", first_diff + 1);
    for i in from..(first_diff + 3) {
        if let Some(l) = theirs_lines.get(i) {
            let _ = writeln!(out, "  expected {:>4} | {l:?}", i + 1);
        }
    }
    for i in from..(first_diff + 3) {
        if let Some(l) = ours_lines.get(i) {
            let _ = writeln!(out, "  hookpad  {:>4} | {l:?}", i + 1);
        }
    }
    out
}
