//! TEMPORARY STUB (not committed): exo-client's SignInArgs.
use migration_preflight::exchange::api::Exchange;
/// Sign-in flags.
#[derive(clap::Args)]
pub struct SignInArgs {
    /// The tenant.
    #[arg(long)]
    pub tenant: String,
}
impl SignInArgs {
    /// Connects.
    pub fn connect(&self, _out: &mut dyn std::io::Write) -> Result<Box<dyn Exchange>, String> {
        Err("stub".into())
    }
    /// Dry run.
    pub fn dry_run(&self, _out: Box<dyn std::io::Write>) -> Box<dyn Exchange> {
        unimplemented!()
    }
}
