//! The Microsoft clouds: where the admin API and the sign-in service are.
//! Source: learn.microsoft.com/exchange/reference/admin-api-get-started [doc].

/// A Microsoft 365 cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cloud {
    /// Worldwide (commercial).
    Commercial,
    /// GCC: the commercial endpoints.
    Gcc,
    /// GCC High.
    GccHigh,
    /// DoD.
    Dod,
    /// Operated by 21Vianet (China).
    China,
}

impl Cloud {
    /// The admin API's base URL (also the token's resource: scope `{base}/.default`).
    pub fn api_base(self) -> &'static str {
        match self {
            Cloud::Commercial | Cloud::Gcc => "https://outlook.office365.com",
            Cloud::GccHigh => "https://outlook.office365.us",
            Cloud::Dod => "https://outlook-dod.office365.us",
            Cloud::China => "https://outlook.office365.cn",
        }
    }

    /// The sign-in service (authority host).
    pub fn authority(self) -> &'static str {
        match self {
            Cloud::Commercial | Cloud::Gcc => "https://login.microsoftonline.com",
            Cloud::GccHigh | Cloud::Dod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cloud_has_https_endpoints() {
        for cloud in [
            Cloud::Commercial,
            Cloud::Gcc,
            Cloud::GccHigh,
            Cloud::Dod,
            Cloud::China,
        ] {
            assert!(cloud.api_base().starts_with("https://"));
            assert!(cloud.authority().starts_with("https://"));
        }
        assert_eq!(Cloud::Dod.authority(), Cloud::GccHigh.authority());
        assert_ne!(Cloud::Dod.api_base(), Cloud::GccHigh.api_base());
    }
}
