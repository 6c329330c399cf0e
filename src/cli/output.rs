//! How the command prints: colour (`--color`, `NO_COLOR`), `--quiet`, progress bars, and
//! the painting of severities, verdicts and headings.
//!
//! Colour is only for a person at a terminal: never in JSON, never in a file the command
//! writes, never when standard output or standard error is a pipe or a file (unless
//! `--color always`). Every text painted here has already been escaped
//! ([`migration_preflight::render::terminal::escape`]), so the only escape sequences in
//! the output are the ones added here.

use std::ffi::OsString;
use std::io::IsTerminal;

use clap::ValueEnum;
use migration_preflight::Severity;

/// The environment variable that turns colour off (<https://no-color.org>): set and not
/// empty.
pub const NO_COLOR: &str = "NO_COLOR";

/// When to colour the output: `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// When standard output and standard error are terminals and NO_COLOR is unset or
    /// empty.
    #[default]
    Auto,
    /// Always, even into a pipe or a file, and whatever NO_COLOR says.
    Always,
    /// Never.
    Never,
}

/// The flags every command takes (`global`: before or after the command's name).
#[derive(clap::Args, Debug)]
pub struct OutputArgs {
    /// Colour the text output: auto (only on a terminal, and not when NO_COLOR is set),
    /// always or never. JSON and written files are never coloured.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorWhen::Auto
    )]
    pub color: ColorWhen,
    /// For scripts: no progress and no notes on standard error; results and errors are
    /// still printed, and the exit code is the same.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// How every command prints; built once from the global flags and passed to each
/// command's `run_*`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Paint severities, verdicts and headings with ANSI colours.
    pub color: bool,
    /// No progress and no notes on standard error.
    pub quiet: bool,
}

/// What a painted text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paint {
    /// An error, a blocked verdict, a failure: red, bold.
    Bad,
    /// A warning: yellow.
    Warn,
    /// Information: dim.
    Dim,
    /// A good result (ready, matched, done): green.
    Good,
    /// A heading: bold.
    Heading,
}

impl Paint {
    /// The ANSI SGR parameters of this paint.
    fn sgr(self) -> &'static str {
        match self {
            Paint::Bad => "1;31",
            Paint::Warn => "33",
            Paint::Dim => "2",
            Paint::Good => "32",
            Paint::Heading => "1",
        }
    }
}

impl Output {
    /// The output for these flags in this process: its environment and its terminals.
    pub fn new(args: &OutputArgs) -> Output {
        let terminals = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
        Output::decide(
            args.color,
            args.quiet,
            std::env::var_os(NO_COLOR).as_deref(),
            terminals,
        )
    }

    /// The decision, apart from the process: `always` wins over NO_COLOR; `auto` colours
    /// only on terminals and when NO_COLOR is unset or empty.
    pub fn decide(
        when: ColorWhen,
        quiet: bool,
        no_color: Option<&std::ffi::OsStr>,
        terminals: bool,
    ) -> Output {
        let color = match when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => terminals && no_color.is_none_or(|v| v.is_empty()),
        };
        Output { color, quiet }
    }

    /// Whether to draw progress bars and spinners: standard error is a terminal and
    /// `--quiet` was not given. (Used by the Exchange runner's progress bars.)
    #[allow(dead_code)] // until the runner (feature `exchange`) draws its bars
    pub fn progress(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }

    /// Prints a note (what is about to happen, a hint) on standard error, unless quiet.
    /// The text must already be escaped.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// `text` in `paint`, or unchanged without colour.
    pub fn paint(&self, paint: Paint, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\u{1b}[{}m{text}\u{1b}[0m", paint.sgr())
        } else {
            text.to_string()
        }
    }

    /// A severity's name painted: error red, warning yellow, info dim.
    pub fn severity(&self, severity: Severity) -> String {
        self.paint(severity_paint(severity), severity.as_str())
    }

    /// A verdict's name painted: `blocked` red, `warnings` yellow, `ready` green; other
    /// words unchanged.
    pub fn verdict(&self, verdict: &str) -> String {
        match verdict_paint(verdict) {
            Some(paint) => self.paint(paint, verdict),
            None => verdict.to_string(),
        }
    }

    /// The text of [`migration_preflight::render::text`], of the readiness report's text
    /// or of the DNS plan (any text with the same line shapes) painted line by line:
    /// the severity that starts a finding's line (indented or not), the `fix:` label dim,
    /// the verdict, and headings (`FINDINGS BY CODE`, `EXECUTIVE SUMMARY: blocked`,
    /// `Before the first batch:`) bold. Unchanged without colour.
    pub fn findings(&self, text: &str) -> String {
        if !self.color {
            return text.to_string();
        }
        text.split_inclusive('\n')
            .map(|line| self.line(line))
            .collect()
    }

    /// One line of text painted (see [`Output::findings`]).
    fn line(&self, line: &str) -> String {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let rest = body.trim_start_matches(' ');
        let indent = &body[..body.len() - rest.len()];
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            if let Some(tail) = rest.strip_prefix(severity.as_str())
                && tail.starts_with(' ')
            {
                return format!("{indent}{}{tail}{end}", self.severity(severity));
            }
        }
        if let Some(tail) = rest.strip_prefix("fix:") {
            return format!("{indent}{}{tail}{end}", self.paint(Paint::Dim, "fix:"));
        }
        if !indent.is_empty() {
            return line.to_string();
        }
        if let Some(tail) = rest.strip_prefix("verdict: ") {
            let word_end = tail
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(tail.len());
            let (word, tail) = tail.split_at(word_end);
            return format!(
                "{} {}{tail}{end}",
                self.paint(Paint::Heading, "verdict:"),
                self.verdict(word)
            );
        }
        let (head, word) = match rest.split_once(": ") {
            Some((head, word)) => (head, Some(word)),
            None => (rest, None),
        };
        let shouting = head.len() >= 3
            && head.bytes().any(|b| b.is_ascii_uppercase())
            && head
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b == b' ' || b == b':');
        if shouting {
            let word = word.map_or(String::new(), |w| format!(": {}", self.verdict(w)));
            return format!("{}{word}{end}", self.paint(Paint::Heading, head));
        }
        if word.is_none() && rest.ends_with(':') && !rest[..rest.len() - 1].contains(':') {
            return format!("{}{end}", self.paint(Paint::Heading, rest));
        }
        line.to_string()
    }

    /// A DNS comparison table painted: the action that starts a row (`add` green,
    /// `change` yellow, `remove` red), then as [`Output::findings`].
    pub fn dns_diff(&self, text: &str) -> String {
        if !self.color {
            return text.to_string();
        }
        let actions = [
            ("add ", Paint::Good),
            ("change ", Paint::Warn),
            ("remove ", Paint::Bad),
        ];
        text.split_inclusive('\n')
            .map(|line| {
                for (word, paint) in actions {
                    if let Some(tail) = line.strip_prefix(word) {
                        return format!("{} {tail}", self.paint(paint, word.trim_end()));
                    }
                }
                self.line(line)
            })
            .collect()
    }
}

/// The paint of a severity.
pub fn severity_paint(severity: Severity) -> Paint {
    match severity {
        Severity::Error => Paint::Bad,
        Severity::Warning => Paint::Warn,
        Severity::Info => Paint::Dim,
    }
}

/// The paint of a verdict's or a status's word, if it has one.
pub fn verdict_paint(word: &str) -> Option<Paint> {
    match word {
        "blocked" | "error" | "errors" | "failed" | "missing" | "wrong" => Some(Paint::Bad),
        "warnings" | "warning" | "check" => Some(Paint::Warn),
        "ready" | "ok" | "matches" | "published" => Some(Paint::Good),
        _ => None,
    }
}

/// The colour of clap's own help and error messages, decided from the raw arguments
/// before they are parsed (the flag may be anywhere) the same way as [`Output`]:
/// `--color always|never` wins; otherwise clap's auto, which also honours NO_COLOR.
pub fn clap_color(args: impl IntoIterator<Item = OsString>) -> clap::ColorChoice {
    let mut args = args.into_iter().skip(1);
    let mut when = None;
    while let Some(arg) = args.next() {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        let value = if arg == "--color" {
            args.next().and_then(|v| v.into_string().ok())
        } else {
            arg.strip_prefix("--color=").map(str::to_string)
        };
        if let Some(value) = value {
            when = ColorWhen::from_str(&value, true).ok();
        }
    }
    match when {
        Some(ColorWhen::Always) => clap::ColorChoice::Always,
        Some(ColorWhen::Never) => clap::ColorChoice::Never,
        Some(ColorWhen::Auto) | None => clap::ColorChoice::Auto,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn auto_colours_only_terminals_without_no_color() {
        let auto = |no: Option<&str>, t| {
            Output::decide(ColorWhen::Auto, false, no.map(OsStr::new), t).color
        };
        assert!(auto(None, true));
        assert!(auto(Some(""), true), "an empty NO_COLOR does not count");
        assert!(!auto(Some("1"), true));
        assert!(!auto(None, false));
        let always = Output::decide(ColorWhen::Always, true, Some(OsStr::new("1")), false);
        assert_eq!(
            always,
            Output {
                color: true,
                quiet: true
            }
        );
        assert!(!Output::decide(ColorWhen::Never, false, None, true).color);
    }

    #[test]
    fn paints_finding_lines_and_nothing_without_colour() {
        let text = "error CSV202 [row 2; EmailAddress]: bad\n  fix: do\n\
                    warning X: y\ninfo Z: i\nerrors are not a severity\n\
                    \nverdict: blocked (1 mailbox; 1 error)\n\
                    FINDINGS BY CODE\nEXECUTIVE SUMMARY: ready\n  warning ENV002: x\n\
                    \x20   fix: y\nAt cutover:\nDate: 2025-03-03 08:00\n";
        let plain = Output::default();
        assert_eq!(plain.findings(text), text);
        let painted = Output {
            color: true,
            quiet: false,
        }
        .findings(text);
        assert!(painted.starts_with("\u{1b}[1;31merror\u{1b}[0m CSV202 [row 2"));
        assert!(painted.contains("  \u{1b}[2mfix:\u{1b}[0m do\n"));
        assert!(painted.contains("\u{1b}[33mwarning\u{1b}[0m X: y\n"));
        assert!(painted.contains("\u{1b}[2minfo\u{1b}[0m Z: i\n"));
        assert!(painted.contains("\nerrors are not a severity\n"));
        assert!(painted.contains("\u{1b}[1mverdict:\u{1b}[0m \u{1b}[1;31mblocked\u{1b}[0m (1"));
        assert!(painted.contains("\n\u{1b}[1mFINDINGS BY CODE\u{1b}[0m\n"));
        assert!(
            painted.contains("\n\u{1b}[1mEXECUTIVE SUMMARY\u{1b}[0m: \u{1b}[32mready\u{1b}[0m\n")
        );
        assert!(painted.contains("\n  \u{1b}[33mwarning\u{1b}[0m ENV002: x\n"));
        assert!(painted.contains("\n    \u{1b}[2mfix:\u{1b}[0m y\n"));
        assert!(painted.contains("\n\u{1b}[1mAt cutover:\u{1b}[0m\n"));
        assert!(painted.contains("\nDate: 2025-03-03 08:00\n"));
        // Taking the escape sequences out gives the plain text back.
        let stripped = painted
            .replace("\u{1b}[0m", "")
            .replace("\u{1b}[1;31m", "")
            .replace("\u{1b}[33m", "")
            .replace("\u{1b}[32m", "")
            .replace("\u{1b}[2m", "")
            .replace("\u{1b}[1m", "");
        assert_eq!(stripped, text);
    }

    #[test]
    fn clap_colour_follows_the_flag_anywhere_before_a_double_dash() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        let c = |list: &[&str]| clap_color(args(list));
        assert_eq!(
            c(&["mp", "check", "--color", "always"]),
            clap::ColorChoice::Always
        );
        assert_eq!(
            c(&["mp", "--color=never", "check"]),
            clap::ColorChoice::Never
        );
        assert_eq!(c(&["mp", "check"]), clap::ColorChoice::Auto);
        assert_eq!(
            c(&["mp", "check", "--", "--color", "always"]),
            clap::ColorChoice::Auto
        );
        assert_eq!(c(&["mp", "--color", "rainbow"]), clap::ColorChoice::Auto);
    }
}
