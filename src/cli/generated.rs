//! Shell completions and the man page, generated from the command line's
//! own definition (what the Debian package installs).

use super::Cli;
use clap::CommandFactory;
use std::io::Write;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Completions for `shell` on standard output.
pub fn completions(shell: Shell) {
    let mut command = Cli::command();
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut text = Vec::new();
    clap_complete::generate(shell, &mut command, "ankieter", &mut text);
    print_all(&text);
}

/// Writes to standard output; a reader that stops early (`| head`) is fine.
fn print_all(text: &[u8]) {
    let _ = std::io::stdout().lock().write_all(text);
}

/// `ankieter(1)` in roff on standard output, with a section per command.
pub fn man_page() -> anyhow::Result<()> {
    let command = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        writeln!(out, ".SH \"ankieter {}\"", sub.get_name())?;
        clap_mangen::Man::new(sub.clone()).render_description_section(&mut out)?;
        clap_mangen::Man::new(sub.clone()).render_options_section(&mut out)?;
        if sub.has_subcommands() {
            clap_mangen::Man::new(sub.clone()).render_subcommands_section(&mut out)?;
        }
    }
    print_all(&out);
    Ok(())
}
