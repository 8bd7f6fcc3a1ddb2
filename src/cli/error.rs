//! The one error type of the command line. A subcommand returns it; `cli::run` prints it
//! (the one place that prints an error) and exits with its status.

use std::fmt;

use super::{EXIT_BAD_INPUT, EXIT_NO_ANSWER, EXIT_WINDOW_FAILED, EXIT_WRITE_FAILED};
use crate::io::display::clip_line;

/// Why a command failed: the kind gives the exit status, the message what stderr says after
/// `wacost: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// Bad input: a file, a flag or a value. Exit status 2.
    BadInput(Message),
    /// The input was good but a file, or standard output, could not be written. Exit status 1.
    WriteFailed(Message),
    /// The desktop window could not open (no display, no graphics driver). Exit status 1.
    Window(Message),
    /// The input was good but there is no answer (`solve`: even no volume fits the budget).
    /// Exit status 1.
    NoAnswer(Message),
}

/// A message: it reaches the terminal clipped and escaped (`display::clip_line`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Through `display::clip_line`: each line cut at 1,000 characters, control characters
    /// escaped. Anything with a name or a cell from someone else's file should be this.
    Clipped(String),
}

impl Message {
    /// The text as written: the lines clipped and escaped, or as they are.
    pub fn render(&self) -> String {
        match self {
            Message::Clipped(text) => clip_line(text),
        }
    }
}

impl CliError {
    /// Bad input, its message clipped and escaped when printed.
    pub fn bad(message: impl Into<String>) -> CliError {
        CliError::BadInput(Message::Clipped(message.into()))
    }

    /// A write that failed, its message clipped and escaped when printed.
    pub fn write_failed(message: impl Into<String>) -> CliError {
        CliError::WriteFailed(Message::Clipped(message.into()))
    }

    /// The window could not open, its message clipped and escaped when printed.
    pub fn window(message: impl Into<String>) -> CliError {
        CliError::Window(Message::Clipped(message.into()))
    }

    /// No answer to a good question, its message clipped and escaped when printed.
    pub fn no_answer(message: impl Into<String>) -> CliError {
        CliError::NoAnswer(Message::Clipped(message.into()))
    }

    /// The process exit status for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::BadInput(_) => EXIT_BAD_INPUT,
            CliError::WriteFailed(_) => EXIT_WRITE_FAILED,
            CliError::Window(_) => EXIT_WINDOW_FAILED,
            CliError::NoAnswer(_) => EXIT_NO_ANSWER,
        }
    }

    /// The message.
    pub fn message(&self) -> &Message {
        match self {
            CliError::BadInput(m)
            | CliError::WriteFailed(m)
            | CliError::Window(m)
            | CliError::NoAnswer(m) => m,
        }
    }

    /// What stderr gets, without the final newline: `wacost: ` and the message, each of its
    /// lines clipped and escaped (finding D18: no terminal escape reaches the terminal).
    pub fn render(&self) -> String {
        format!("wacost: {}", self.message().render())
    }
}

/// The line `cli::run` prints: [`CliError::render`].
impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for CliError {}

/// A report that could not be written: a file name that names no format is bad input; any
/// other failure (a full disk, a folder without permission) is a failed write.
impl From<crate::io::report::ReportError> for CliError {
    fn from(e: crate::io::report::ReportError) -> CliError {
        match &e {
            crate::io::report::ReportError::UnknownFormat(_) => CliError::bad(e.to_string()),
            _ => CliError::write_failed(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_exit_status() {
        assert_eq!(CliError::bad("x").exit_code(), 2);
        assert_eq!(CliError::write_failed("x").exit_code(), 1);
        assert_eq!(CliError::window("x").exit_code(), 1);
        assert_eq!(CliError::no_answer("x").exit_code(), EXIT_NO_ANSWER);
        assert_eq!(CliError::no_answer("x").render(), "wacost: x");
        assert_eq!(CliError::bad("x").exit_code(), EXIT_BAD_INPUT);
        assert_eq!(CliError::write_failed("x").exit_code(), EXIT_WRITE_FAILED);
    }

    #[test]
    fn the_message_follows_the_prefix() {
        assert_eq!(
            CliError::bad("no preset \"x\"").render(),
            "wacost: no preset \"x\""
        );
        assert_eq!(CliError::bad("x").to_string(), "wacost: x");
        assert_eq!(
            CliError::window("no display").render(),
            "wacost: no display"
        );
    }

    #[test]
    fn a_clipped_message_has_its_control_characters_escaped() {
        let e = CliError::bad("file \u{1b}]0;pwned\u{7}\u{1b}[2J.csv: \u{9b}8m bad");
        assert_eq!(
            e.render(),
            "wacost: file \\u{1b}]0;pwned\\u{7}\\u{1b}[2J.csv: \\u{9b}8m bad"
        );
        let e = CliError::write_failed("out\u{1b}[31m.toml: cannot write");
        assert_eq!(e.render(), "wacost: out\\u{1b}[31m.toml: cannot write");
        assert!(!e.render().contains('\u{1b}'));
    }

    #[test]
    fn a_long_clipped_line_is_cut_at_1000_characters() {
        let long = "é".repeat(10_000);
        let rendered = CliError::bad(format!("{long}: bad")).render();
        assert_eq!(rendered, format!("wacost: {}…", "é".repeat(1_000)));
        assert_eq!(rendered.chars().count(), "wacost: ".len() + 1_001);
    }

    #[test]
    fn a_multi_line_message_is_clipped_line_by_line() {
        // As a rate file's list of problems: a header, then one problem a line.
        let message = format!(
            "many.csv: 2 problems; nothing was imported\n  many.csv:6: \"\u{1b}[2Jx\" is not a rate\n  many.csv:7: \"{}\" is not a rate",
            "7".repeat(10_000)
        );
        let rendered = CliError::bad(message).render();
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            "wacost: many.csv: 2 problems; nothing was imported"
        );
        assert_eq!(lines[1], "  many.csv:6: \"\\u{1b}[2Jx\" is not a rate");
        assert_eq!(
            lines[2],
            format!(
                "  many.csv:7: \"{}…",
                "7".repeat(1_000 - "  many.csv:7: \"".len())
            )
        );
    }

    #[test]
    fn a_file_name_with_terminal_escapes_is_escaped_whatever_the_command() {
        // Finding D18: `report -o $'\e[31mout.txt'`, `import $'\e[2Jnope.csv'` and the window's
        // errors printed such names raw; every message is clipped now.
        let text = format!("a\u{1b}[2J.txt: {}", "x".repeat(3_000));
        for e in [
            CliError::bad(text.clone()),
            CliError::write_failed(text.clone()),
            CliError::window(text.clone()),
        ] {
            let r = e.render();
            assert!(!r.contains('\u{1b}') && r.ends_with('…'), "{r}");
        }
    }

    #[test]
    fn a_report_error_is_bad_input_only_for_an_unknown_format() {
        use crate::io::report::ReportError;
        let e = CliError::from(ReportError::UnknownFormat("out.txt".into()));
        assert_eq!(e.exit_code(), EXIT_BAD_INPUT);
        let e = CliError::from(ReportError::Write {
            path: "out.pdf".into(),
            message: "No space left on device".into(),
        });
        assert_eq!(e.exit_code(), EXIT_WRITE_FAILED);
        assert_eq!(e.render(), "wacost: out.pdf: No space left on device");
        let e = CliError::from(ReportError::Render("the chart".into()));
        assert_eq!(e.exit_code(), EXIT_WRITE_FAILED);
    }
}
