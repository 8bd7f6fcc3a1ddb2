//! `wacost completions bash|zsh|fish|powershell|elvish`: the shell's completion script, made by
//! clap_complete from the same command tree that parses the command line ([`super::command`]),
//! so every subcommand and flag is in it. Printed to standard output, the same bytes on every
//! run (a package writes it at build time).

use super::CliError;

/// Where each shell's script goes, in the subcommand's help.
pub const WHERE_TO_PUT_IT: &str = "\
Where to put the script for your own account (then open a new shell):
  bash:        wacost completions bash > ~/.local/share/bash-completion/completions/wacost
  zsh:         wacost completions zsh > ~/.zfunc/_wacost
               (and in ~/.zshrc, before compinit: fpath+=~/.zfunc)
  fish:        wacost completions fish > ~/.config/fish/completions/wacost.fish
  PowerShell:  wacost completions powershell >> $PROFILE
  Elvish:      wacost completions elvish >> ~/.config/elvish/rc.elv";

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to print the completion script for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut cmd = super::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "wacost", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

pub fn run(args: &CompletionsArgs) -> Result<(), CliError> {
    super::write_stdout(&script(args.shell))
}
