//! Signing in to Exchange Online (OAuth 2.0, Microsoft identity platform): device code
//! (delegated) or client credentials with a secret or a certificate (app-only), in the
//! commercial, GCC, GCC High, DoD and 21Vianet clouds. Tokens live in memory only, and
//! `Debug` of anything holding one prints `***`.

pub mod assertion;
pub mod cloud;
pub mod device_code;
pub mod secret;
pub mod session;
pub mod token;

pub use assertion::Certificate;
pub use cloud::Cloud;
pub use secret::Secret;
pub use session::{MODULE_CLIENT_ID, Method, Session, SignIn};
