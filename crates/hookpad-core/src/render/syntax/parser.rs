//! The block parser: tokens into a tree of programs and blocks, with `{{else}}` chains.

use super::lexer::{err, Token, TokenKind};
use super::{Block, Comment, Content, Expr, Mustache, Node, Program, Strip, SyntaxError};
use crate::render::limits::MAX_BLOCK_DEPTH;
use crate::text::TextRange;

pub(super) struct Parser {
    pub(super) tokens: Vec<Token>,
    pub(super) pos: usize,
    /// How many blocks (and `else if` links) enclose the current position.
    pub(super) depth: usize,
    /// The end of the source, where handlebars.js's parser gives up on a block never closed
    /// (`Parse error on line N: … got 'EOF'`).
    pub(super) end: TextRange,
}

impl Parser {
    pub(super) fn program(&mut self) -> Result<Program, SyntaxError> {
        let mut body = Vec::new();
        while let Some(token) = self.tokens.get_mut(self.pos) {
            match &mut token.kind {
                TokenKind::Else { .. } | TokenKind::Close(_) => break,
                TokenKind::Content { text } => {
                    let text = std::mem::take(text);
                    body.push(Node::Content(Content {
                        value: text.clone(),
                        original: text,
                        range: token.range,
                        left_stripped: false,
                        right_stripped: false,
                    }));
                    self.pos += 1;
                }
                TokenKind::Comment => {
                    body.push(Node::Comment(Comment {
                        strip: token.strip,
                        range: token.range,
                    }));
                    self.pos += 1;
                }
                TokenKind::Mustache { .. } => {
                    let token = self.take();
                    if let TokenKind::Mustache { expr, escaped } = token.kind {
                        body.push(Node::Mustache(Mustache {
                            expr,
                            escaped,
                            strip: token.strip,
                            range: token.range,
                        }));
                    }
                }
                TokenKind::Open { .. } => {
                    let block = self.block()?;
                    body.push(Node::Block(block));
                }
            }
        }
        Ok(Program {
            body,
            chained: false,
        })
    }

    pub(super) fn take(&mut self) -> Token {
        let placeholder = Token {
            kind: TokenKind::Comment,
            strip: Strip::default(),
            range: TextRange::default(),
        };
        let token = std::mem::replace(&mut self.tokens[self.pos], placeholder);
        self.pos += 1;
        token
    }

    /// `{{#x}}` (or `{{^x}}`) up to and including its `{{/x}}`.
    pub(super) fn block(&mut self) -> Result<Block, SyntaxError> {
        self.enter()?;
        let block = self.block_inner();
        self.depth -= 1;
        block
    }

    /// Counts one level of nesting; refuses templates nested deeper than the limit.
    pub(super) fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_BLOCK_DEPTH {
            let range = self
                .tokens
                .get(self.pos)
                .map(|t| t.range)
                .unwrap_or_default();
            self.depth -= 1;
            return Err(SyntaxError {
                message: format!("blocks nest deeper than {MAX_BLOCK_DEPTH} levels"),
                range,
                reported_at: None,
            });
        }
        Ok(())
    }

    pub(super) fn block_inner(&mut self) -> Result<Block, SyntaxError> {
        let open = self.take();
        let TokenKind::Open { expr, inverted } = open.kind else {
            return Err(err(
                "expected a block",
                open.range.start.to_usize(),
                open.range.end.to_usize(),
            ));
        };
        let program = self.program()?;
        let chain = self.inverse_chain(&expr, inverted, open.range, false)?;
        let (program, inverse, program_tag, inverse_tag) = if inverted {
            (
                chain.inverse,
                Some(program),
                chain.else_tag,
                Some(open.range),
            )
        } else {
            (
                Some(program),
                chain.inverse,
                Some(open.range),
                chain.else_tag,
            )
        };
        Ok(Block {
            expr,
            program,
            inverse,
            program_tag,
            inverse_tag,
            open_strip: open.strip,
            inverse_strip: chain.inverse_strip,
            close_strip: chain.close_strip,
            later_link: false,
            range: TextRange::new(open.range.start.to_usize(), chain.end),
        })
    }

    /// After a block's program: an optional `{{else}}` part (or `{{else if}}` chain), then the
    /// close tag.
    pub(super) fn inverse_chain(
        &mut self,
        open_expr: &Expr,
        inverted: bool,
        open_range: TextRange,
        in_chain: bool,
    ) -> Result<InverseChain, SyntaxError> {
        let Some(token) = self.tokens.get(self.pos) else {
            return Err(SyntaxError {
                message: format!(
                    "`{{{{#{}}}}}` is never closed: missing `{{{{/{}}}}}`",
                    open_expr.head, open_expr.head
                ),
                range: open_range,
                reported_at: Some(self.end),
            });
        };
        match &token.kind {
            TokenKind::Close(_) => {
                let close = self.take();
                let TokenKind::Close(close_expr) = close.kind else {
                    return Err(err("expected a close tag", 0, 0));
                };
                if close_expr.text != open_expr.head {
                    // handlebars.js's `validateClose` reports at the open block's path; Hookpad
                    // marks the close tag that does not match.
                    return Err(SyntaxError {
                        message: format!("{} doesn't match {}", open_expr.head, close_expr.text),
                        range: close.range,
                        reported_at: Some(TextRange::empty(open_expr.head_range.start.to_usize())),
                    });
                }
                Ok(InverseChain {
                    inverse: None,
                    else_tag: None,
                    inverse_strip: Strip::default(),
                    close_strip: close.strip,
                    end: close.range.end.to_usize(),
                })
            }
            TokenKind::Else { chain: None } => {
                let else_token = self.take();
                let inverse = self.program()?;
                let rest = self.inverse_chain(open_expr, inverted, open_range, in_chain)?;
                if rest.inverse.is_some() {
                    return Err(err(
                        "a block can have only one `{{else}}`",
                        else_token.range.start.to_usize(),
                        else_token.range.end.to_usize(),
                    ));
                }
                Ok(InverseChain {
                    inverse: Some(inverse),
                    else_tag: Some(else_token.range),
                    inverse_strip: else_token.strip,
                    ..rest
                })
            }
            TokenKind::Else { chain: Some(_) } => {
                if inverted {
                    let r = token.range;
                    return Err(SyntaxError {
                        message:
                            "`{{else ...}}` chains are not allowed in an inverted `{{^...}}` block"
                                .to_owned(),
                        range: r,
                        reported_at: None,
                    });
                }
                self.enter()?;
                let else_token = self.take();
                let TokenKind::Else {
                    chain: Some(chain_expr),
                } = else_token.kind
                else {
                    return Err(err("expected `{{else ...}}`", 0, 0));
                };
                let program = self.program()?;
                let rest = self.inverse_chain(open_expr, inverted, open_range, true)?;
                self.depth -= 1;
                let nested = Block {
                    expr: chain_expr,
                    program: Some(program),
                    inverse: rest.inverse,
                    program_tag: Some(else_token.range),
                    inverse_tag: rest.else_tag,
                    open_strip: else_token.strip,
                    inverse_strip: rest.inverse_strip,
                    close_strip: rest.close_strip,
                    later_link: in_chain,
                    range: TextRange::new(else_token.range.start.to_usize(), rest.end),
                };
                Ok(InverseChain {
                    inverse: Some(Program {
                        body: vec![Node::Block(nested)],
                        chained: true,
                    }),
                    else_tag: Some(else_token.range),
                    inverse_strip: else_token.strip,
                    close_strip: rest.close_strip,
                    end: rest.end,
                })
            }
            _ => Err(SyntaxError {
                message: format!(
                    "`{{{{#{}}}}}` is never closed: missing `{{{{/{}}}}}`",
                    open_expr.head, open_expr.head
                ),
                range: open_range,
                reported_at: Some(self.end),
            }),
        }
    }
}

/// What follows a block's program: its inverse (if any), the tag that starts the inverse, the
/// strips of the `{{else}}` and of the close tag, and the end offset of the close tag.
pub(super) struct InverseChain {
    pub(super) inverse: Option<Program>,
    pub(super) else_tag: Option<TextRange>,
    pub(super) inverse_strip: Strip,
    pub(super) close_strip: Strip,
    pub(super) end: usize,
}
