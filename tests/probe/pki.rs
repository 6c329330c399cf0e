//! Certificates made at test time by a test CA (rcgen).

use rcgen::{BasicConstraints, Certificate, CertificateParams, DnType, IsCa, KeyPair};
use time::{Duration, OffsetDateTime};

/// A certificate and its key, as PEM.
pub struct Pem {
    pub cert: String,
    pub key: String,
    pub cert_der: Vec<u8>,
    pub key_der: Vec<u8>,
}

/// A test certification authority.
pub struct Ca {
    cert: Certificate,
    key: KeyPair,
}

impl Ca {
    pub fn new(name: &str) -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params
            .distinguished_name
            .push(DnType::OrganizationName, "Probe Test CA");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.not_before = OffsetDateTime::now_utc() - Duration::days(400);
        params.not_after = OffsetDateTime::now_utc() + Duration::days(3650);
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        Ca { cert, key }
    }

    pub fn pem(&self) -> String {
        self.cert.pem()
    }

    /// A server certificate for `names`, valid from `from` to `to` days from now.
    pub fn issue(&self, names: &[&str], from: i64, to: i64) -> Pem {
        let (params, key) = leaf(names, from, to);
        let cert = params.signed_by(&key, &self.cert, &self.key).unwrap();
        pem(cert, key)
    }
}

fn leaf(names: &[&str], from: i64, to: i64) -> (CertificateParams, KeyPair) {
    let mut params =
        CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    params.distinguished_name.push(DnType::CommonName, names[0]);
    params.not_before = OffsetDateTime::now_utc() + Duration::days(from);
    params.not_after = OffsetDateTime::now_utc() + Duration::days(to);
    (params, KeyPair::generate().unwrap())
}

fn pem(cert: Certificate, key: KeyPair) -> Pem {
    Pem {
        cert: cert.pem(),
        key: key.serialize_pem(),
        cert_der: cert.der().to_vec(),
        key_der: key.serialize_der(),
    }
}

/// A self-signed server certificate.
pub fn self_signed(names: &[&str]) -> Pem {
    let (params, key) = leaf(names, -1, 365);
    let cert = params.self_signed(&key).unwrap();
    pem(cert, key)
}
