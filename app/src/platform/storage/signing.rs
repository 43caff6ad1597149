//! HMAC-SHA256 signatures for the local backend's download links. The signature covers
//! the key, the expiry and how the object is presented, so none of them can be changed
//! without the link failing.

use super::{Download, ObjectKey};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The query of a signed local link: `/objects/{key}?exp=…&ct=…&name=…&inline=0&sig=…`.
#[derive(Clone, Debug, Deserialize)]
pub struct SignedQuery {
    pub exp: i64,
    pub ct: String,
    pub name: String,
    #[serde(default)]
    pub inline: u8,
    pub sig: String,
}

/// Why a link is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkError {
    Expired,
    BadSignature,
}

#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(…)")
    }
}

impl Signer {
    pub fn new(secret: &str) -> Signer {
        Signer { key: secret.as_bytes().to_vec() }
    }

    fn mac(&self, key: &ObjectKey, exp: i64, ct: &str, inline: bool, name: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        // Length-prefixed fields: no two different inputs produce the same message.
        for field in [key.as_str(), &exp.to_string(), ct, if inline { "1" } else { "0" }, name] {
            mac.update(&(field.len() as u64).to_be_bytes());
            mac.update(field.as_bytes());
        }
        mac
    }

    /// The query string of a link valid until `now + ttl`.
    pub fn sign(&self, key: &ObjectKey, d: &Download, now_ms: i64) -> String {
        let exp = now_ms / 1000 + d.ttl_secs;
        let sig = hex::encode(self.mac(key, exp, &d.content_type, d.inline, &d.filename).finalize().into_bytes());
        let q = [
            ("exp", exp.to_string()),
            ("ct", d.content_type.clone()),
            ("name", d.filename.clone()),
            ("inline", if d.inline { "1" } else { "0" }.to_string()),
            ("sig", sig),
        ];
        q.iter().map(|(k, v)| format!("{k}={}", crate::web::encode_component(v))).collect::<Vec<_>>().join("&")
    }

    /// Checks a link (in constant time) and says how to present the object.
    pub fn verify(&self, key: &ObjectKey, q: &SignedQuery, now_ms: i64) -> Result<Download, LinkError> {
        let sig = hex::decode(&q.sig).map_err(|_| LinkError::BadSignature)?;
        self.mac(key, q.exp, &q.ct, q.inline == 1, &q.name).verify_slice(&sig).map_err(|_| LinkError::BadSignature)?;
        let left = q.exp - now_ms / 1000;
        if left < 0 {
            return Err(LinkError::Expired);
        }
        Ok(Download { filename: q.name.clone(), content_type: q.ct.clone(), inline: q.inline == 1, ttl_secs: left })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl() -> Download {
        Download { filename: "صورة.png".into(), content_type: "image/png".into(), inline: true, ttl_secs: 60 }
    }

    fn parse(q: &str) -> SignedQuery {
        serde_urlencoded_like(q)
    }

    // A tiny query parser for the test (the server uses axum's Query).
    fn serde_urlencoded_like(q: &str) -> SignedQuery {
        let get = |name: &str| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
                .map(|v| {
                    let mut out = Vec::new();
                    let b = v.as_bytes();
                    let mut i = 0;
                    while i < b.len() {
                        if b[i] == b'%' {
                            out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                            i += 3;
                        } else {
                            out.push(b[i]);
                            i += 1;
                        }
                    }
                    String::from_utf8(out).unwrap()
                })
                .unwrap()
        };
        SignedQuery {
            exp: get("exp").parse().unwrap(),
            ct: get("ct"),
            name: get("name"),
            inline: get("inline").parse().unwrap(),
            sig: get("sig"),
        }
    }

    #[test]
    fn a_signed_link_works_until_it_expires() {
        let s = Signer::new("k");
        let key = ObjectKey::parse("users/1/f").unwrap();
        let q = parse(&s.sign(&key, &dl(), 1_000_000));
        let d = s.verify(&key, &q, 1_000_000).unwrap();
        assert_eq!(d.filename, "صورة.png");
        assert!(d.inline);
        assert_eq!(s.verify(&key, &q, 1_000_000 + 60_000).map(|d| d.ttl_secs), Ok(0));
        assert_eq!(s.verify(&key, &q, 1_000_000 + 61_000), Err(LinkError::Expired));
    }

    #[test]
    fn any_change_breaks_the_signature() {
        let s = Signer::new("k");
        let key = ObjectKey::parse("users/1/f").unwrap();
        let q = parse(&s.sign(&key, &dl(), 0));
        let other = ObjectKey::parse("users/2/f").unwrap();
        assert_eq!(s.verify(&other, &q, 0), Err(LinkError::BadSignature));
        for tamper in [
            SignedQuery { exp: q.exp + 1, ..q.clone() },
            SignedQuery { ct: "text/html".into(), ..q.clone() },
            SignedQuery { name: "x.html".into(), ..q.clone() },
            SignedQuery { inline: 0, ..q.clone() },
            SignedQuery { sig: "00".repeat(32), ..q.clone() },
            SignedQuery { sig: "zz".into(), ..q.clone() },
        ] {
            assert_eq!(s.verify(&key, &tamper, 0), Err(LinkError::BadSignature));
        }
        assert_eq!(Signer::new("other").verify(&key, &q, 0), Err(LinkError::BadSignature));
    }
}
