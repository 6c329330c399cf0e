//! TLS with rustls (ring provider, Mozilla's roots): a verifier that records the chain
//! and lets the handshake finish, so that the probe can report what is wrong with a
//! certificate instead of stopping at the first fault.

use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    AlertDescription, CertificateError, ClientConfig, ClientConnection, DigitallySignedStruct,
    Error, PeerIncompatible, RootCertStore, SignatureScheme, StreamOwned,
};
use serde::Serialize;

use super::cert::{self, CertificateFacts};
use super::net::{self, Failure};

/// The roots a chain is checked against.
#[derive(Debug, Clone)]
pub struct Roots {
    public: Arc<WebPkiServerVerifier>,
    private: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
}

impl Roots {
    /// Mozilla's roots, and the extra root certificates (PEM) given with `--trust-root`.
    pub fn new(extra: &[CertificateDer<'static>]) -> Result<Roots, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let public = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let build = |store: RootCertStore| {
            WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
                .build()
                .map_err(|e| format!("cannot use the root certificates: {e}"))
        };
        let private = if extra.is_empty() {
            None
        } else {
            let mut store = RootCertStore::empty();
            for root in extra {
                store
                    .add(root.clone())
                    .map_err(|e| format!("--trust-root: not a usable root certificate: {e}"))?;
            }
            Some(build(store)?)
        };
        Ok(Roots {
            public: build(public)?,
            private,
            provider,
        })
    }
}

/// Whose roots the chain leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "reason")]
pub enum Trust {
    /// One of Mozilla's public roots.
    Public,
    /// Only a root given with `--trust-root`.
    PrivateRoot,
    /// No root: why (unknown issuer, bad signature…).
    Untrusted(String),
}

/// What the handshake showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsFacts {
    /// `TLSv1_3` or `TLSv1_2`.
    pub version: String,
    /// The cipher suite.
    pub cipher: String,
    /// How many certificates the server sent.
    pub chain_length: usize,
    /// The server's certificate, if readable.
    pub certificate: Option<CertificateFacts>,
    /// Where the chain leads.
    pub trust: Trust,
}

/// Why no TLS session came about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsFailure {
    /// The TCP connection did not come about.
    Net(Failure),
    /// The server wants a protocol older than TLS 1.2 (its alert or answer).
    OldProtocol(String),
    /// Another handshake failure.
    Handshake(String),
}

/// A TLS session over TCP.
pub type Session = StreamOwned<ClientConnection, TcpStream>;

/// Connects, completes the handshake and reads the chain.
pub fn connect(
    roots: &Roots,
    resolution: &net::Resolution,
    host: &str,
    port: u16,
    deadline: std::time::Instant,
) -> Result<(Session, TlsFacts), TlsFailure> {
    let name = ServerName::try_from(host.to_string())
        .map_err(|_| TlsFailure::Handshake(format!("{host:?} is not a host name")))?;
    let recorder = Arc::new(Recorder {
        provider: roots.provider.clone(),
        chain: Mutex::new(Vec::new()),
    });
    let config = ClientConfig::builder_with_provider(roots.provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsFailure::Handshake(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let tcp = net::connect(resolution, host, port, deadline).map_err(TlsFailure::Net)?;
    let connection = ClientConnection::new(Arc::new(config), name.clone())
        .map_err(|e| TlsFailure::Handshake(e.to_string()))?;
    let mut session = StreamOwned::new(connection, tcp);
    while session.conn.is_handshaking() {
        if let Err(e) = session.conn.complete_io(&mut session.sock) {
            return Err(failure(e));
        }
    }
    let chain = recorder.chain.lock().map(|c| c.clone()).unwrap_or_default();
    let version = session
        .conn
        .protocol_version()
        .map(|v| format!("{v:?}"))
        .unwrap_or_default();
    let cipher = session
        .conn
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()))
        .unwrap_or_default();
    let certificate = chain.first().and_then(|c| cert::read(c));
    let trust = trust(roots, &chain, &name, certificate.as_ref());
    Ok((
        session,
        TlsFacts {
            version,
            cipher,
            chain_length: chain.len(),
            certificate,
            trust,
        },
    ))
}

/// The failure an I/O error of the handshake stands for.
fn failure(e: std::io::Error) -> TlsFailure {
    let tls = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<Error>())
        .cloned();
    match tls {
        Some(Error::AlertReceived(AlertDescription::ProtocolVersion))
        | Some(Error::PeerIncompatible(
            PeerIncompatible::ServerDoesNotSupportTls12Or13
            | PeerIncompatible::Tls12NotOffered
            | PeerIncompatible::Tls12NotOfferedOrEnabled
            | PeerIncompatible::SupportedVersionsExtensionRequired,
        )) => TlsFailure::OldProtocol(tls.map(|t| t.to_string()).unwrap_or_default()),
        Some(other) => TlsFailure::Handshake(other.to_string()),
        None => match net::io(e) {
            Failure::Other(text) => TlsFailure::Handshake(text),
            net => TlsFailure::Net(net),
        },
    }
}

/// Where the chain leads, whatever the certificate's dates and names: a chain of an
/// expired certificate is checked again at a time within its validity, and a name
/// mismatch (checked after the chain) means the chain itself is fine.
fn trust(
    roots: &Roots,
    chain: &[CertificateDer<'static>],
    name: &ServerName<'static>,
    facts: Option<&CertificateFacts>,
) -> Trust {
    let Some((leaf, intermediates)) = chain.split_first() else {
        return Trust::Untrusted("the server sent no certificate".into());
    };
    let now = UnixTime::since_unix_epoch(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default(),
    );
    let within = facts.map(|f| {
        let middle = f.not_before / 2 + f.not_after / 2;
        UnixTime::since_unix_epoch(Duration::from_secs(middle.max(0) as u64))
    });
    let verdict = |verifier: &WebPkiServerVerifier| -> Result<(), String> {
        let check = |at: UnixTime| verifier.verify_server_cert(leaf, intermediates, name, &[], at);
        let result = match check(now) {
            Err(Error::InvalidCertificate(
                CertificateError::Expired
                | CertificateError::ExpiredContext { .. }
                | CertificateError::NotValidYet
                | CertificateError::NotValidYetContext { .. },
            )) if within.is_some() => check(within.unwrap_or(now)),
            other => other,
        };
        match result {
            Ok(_)
            | Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    };
    match verdict(&roots.public) {
        Ok(()) => Trust::Public,
        Err(why) => match roots.private.as_deref().map(verdict) {
            Some(Ok(())) => Trust::PrivateRoot,
            _ => Trust::Untrusted(why),
        },
    }
}

/// Records the chain and accepts it, so that the handshake finishes and every fault of
/// the certificate can be reported. The handshake's signatures are still verified.
#[derive(Debug)]
struct Recorder {
    provider: Arc<CryptoProvider>,
    chain: Mutex<Vec<CertificateDer<'static>>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        if let Ok(mut chain) = self.chain.lock() {
            *chain = std::iter::once(end_entity)
                .chain(intermediates.iter().take(16))
                .map(|c| c.clone().into_owned())
                .collect();
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(e: Error) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }

    #[test]
    fn a_protocol_version_refusal_means_an_old_protocol() {
        let alert = wrapped(Error::AlertReceived(AlertDescription::ProtocolVersion));
        assert!(matches!(failure(alert), TlsFailure::OldProtocol(_)));
        let old = wrapped(Error::PeerIncompatible(
            PeerIncompatible::ServerDoesNotSupportTls12Or13,
        ));
        assert!(matches!(failure(old), TlsFailure::OldProtocol(_)));
        let other = wrapped(Error::AlertReceived(AlertDescription::HandshakeFailure));
        assert!(matches!(failure(other), TlsFailure::Handshake(_)));
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(failure(refused), TlsFailure::Net(Failure::Refused));
        let slow = std::io::Error::from(std::io::ErrorKind::WouldBlock);
        assert_eq!(failure(slow), TlsFailure::Net(Failure::Timeout));
    }
}
