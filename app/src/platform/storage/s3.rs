//! The S3 backend through `aws-sdk-s3`: AWS in production (credentials from the task role
//! or the usual AWS chain), or any S3-compatible server (`S3_ENDPOINT`, path-style).
//! Downloads are presigned GETs that carry the content type and disposition.

use super::{content_disposition, Download, ObjectKey, ObjectMeta, StorageError};
use crate::platform::config::StorageBackend;
use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use std::path::Path;
use std::time::Duration;

#[derive(Debug)]
pub struct S3Store {
    client: aws_sdk_s3::Client,
    bucket: String,
}

impl S3Store {
    pub async fn connect(backend: &StorageBackend) -> Result<S3Store, StorageError> {
        let StorageBackend::S3 { bucket, region, endpoint, force_path_style, access_key } = backend else {
            return Err(StorageError::Backend("not an S3 configuration".into()));
        };
        let mut loader =
            aws_config::defaults(BehaviorVersion::latest()).region(Region::new(region.clone())).timeout_config(
                aws_config::timeout::TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_attempt_timeout(Duration::from_secs(300))
                    .build(),
            );
        if let Some((key, secret)) = access_key {
            loader = loader.credentials_provider(Credentials::new(key, secret, None, None, "pulse-config"));
        }
        // HTTPS on rustls with ring, the app's one TLS provider (no aws-lc in the build).
        use aws_smithy_http_client::tls;
        let https = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
            .build_https();
        loader = loader.http_client(https);
        let shared = loader.load().await;
        let mut config = aws_sdk_s3::config::Builder::from(&shared)
            .force_path_style(*force_path_style)
            // Checksums only where S3 requires them: S3-compatible servers differ in support.
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
        if let Some(endpoint) = endpoint {
            config = config.endpoint_url(endpoint);
        }
        Ok(S3Store { client: aws_sdk_s3::Client::from_conf(config.build()), bucket: bucket.clone() })
    }

    pub fn client(&self) -> &aws_sdk_s3::Client {
        &self.client
    }

    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// Creates the bucket if it is not there (local S3-compatible servers; never needed on AWS,
    /// where Terraform creates it).
    pub async fn ensure_bucket(&self) -> Result<(), StorageError> {
        if self.client.head_bucket().bucket(&self.bucket).send().await.is_ok() {
            return Ok(());
        }
        self.client.create_bucket().bucket(&self.bucket).send().await.map(|_| ()).map_err(backend)
    }

    pub async fn put_file(&self, key: &ObjectKey, path: &Path, content_type: &str) -> Result<(), StorageError> {
        let body = ByteStream::from_path(path).await.map_err(|e| StorageError::Backend(e.to_string()))?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(content_type)
            .body(body)
            .send()
            .await
            .map(|_| ())
            .map_err(backend)
    }

    pub async fn put_bytes(&self, key: &ObjectKey, bytes: Vec<u8>, content_type: &str) -> Result<(), StorageError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(content_type)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map(|_| ())
            .map_err(backend)
    }

    pub async fn get_bytes(&self, key: &ObjectKey) -> Result<Vec<u8>, StorageError> {
        let out = self.client.get_object().bucket(&self.bucket).key(key.as_str()).send().await.map_err(backend)?;
        let data = out.body.collect().await.map_err(|e| StorageError::Backend(e.to_string()))?;
        Ok(data.into_bytes().to_vec())
    }

    pub async fn download_to(&self, key: &ObjectKey, dest: &Path) -> Result<u64, StorageError> {
        let out = self.client.get_object().bucket(&self.bucket).key(key.as_str()).send().await.map_err(backend)?;
        let mut reader = out.body.into_async_read();
        let mut file = tokio::fs::File::create(dest).await?;
        let n = tokio::io::copy(&mut reader, &mut file).await?;
        Ok(n)
    }

    pub async fn head(&self, key: &ObjectKey) -> Result<Option<ObjectMeta>, StorageError> {
        match self.client.head_object().bucket(&self.bucket).key(key.as_str()).send().await {
            Ok(out) => Ok(Some(ObjectMeta {
                key: key.as_str().to_string(),
                bytes: out.content_length().unwrap_or(0).max(0) as u64,
                modified_ms: out.last_modified().and_then(|t| t.to_millis().ok()).unwrap_or(0),
            })),
            Err(e) => match backend(e) {
                StorageError::NotFound => Ok(None),
                other => Err(other),
            },
        }
    }

    pub async fn copy(&self, from: &ObjectKey, to: &ObjectKey) -> Result<(), StorageError> {
        // Keys are URL-safe by construction, so the copy source needs no encoding.
        self.client
            .copy_object()
            .bucket(&self.bucket)
            .copy_source(format!("{}/{}", self.bucket, from.as_str()))
            .key(to.as_str())
            .send()
            .await
            .map(|_| ())
            .map_err(backend)
    }

    pub async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError> {
        match self.client.delete_object().bucket(&self.bucket).key(key.as_str()).send().await {
            Ok(_) => Ok(()),
            Err(e) => match backend(e) {
                StorageError::NotFound => Ok(()),
                other => Err(other),
            },
        }
    }

    pub async fn list(&self, prefix: &str) -> Result<Vec<ObjectMeta>, StorageError> {
        let mut out = Vec::new();
        let mut pages = self.client.list_objects_v2().bucket(&self.bucket).prefix(prefix).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(backend)?;
            for obj in page.contents() {
                if let Some(key) = obj.key() {
                    out.push(ObjectMeta {
                        key: key.to_string(),
                        bytes: obj.size().unwrap_or(0).max(0) as u64,
                        modified_ms: obj.last_modified().and_then(|t| t.to_millis().ok()).unwrap_or(0),
                    });
                }
            }
        }
        Ok(out)
    }

    /// A presigned GET valid for `ttl_secs` from `now_ms`.
    pub async fn signed_url(&self, key: &ObjectKey, d: &Download, now_ms: i64) -> Result<String, StorageError> {
        let ttl = Duration::from_secs(d.ttl_secs.clamp(1, 7 * 86_400) as u64);
        let start = std::time::UNIX_EPOCH + Duration::from_millis(now_ms.max(0) as u64);
        let presigning = PresigningConfig::builder()
            .start_time(start)
            .expires_in(ttl)
            .build()
            .map_err(|e| StorageError::Backend(e.to_string()))?;
        let req = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .response_content_type(&d.content_type)
            .response_content_disposition(content_disposition(&d.filename, d.inline))
            .presigned(presigning)
            .await
            .map_err(backend)?;
        Ok(req.uri().to_string())
    }
}

/// Maps an SDK error: 404s (`NoSuchKey`, `NotFound`) become [`StorageError::NotFound`].
fn backend<E: ProvideErrorMetadata + std::fmt::Debug, R: std::fmt::Debug + HttpStatus>(
    e: SdkError<E, R>,
) -> StorageError {
    let not_found = match &e {
        SdkError::ServiceError(se) => {
            se.raw().status() == 404 || matches!(se.err().code(), Some("NoSuchKey" | "NotFound"))
        }
        _ => false,
    };
    if not_found {
        return StorageError::NotFound;
    }
    let detail = match &e {
        SdkError::ServiceError(se) => {
            format!("{} {}", se.err().code().unwrap_or("error"), se.err().message().unwrap_or_default())
        }
        other => format!("{other:?}").chars().take(300).collect(),
    };
    StorageError::Backend(detail)
}

/// The HTTP status of a raw SDK response.
pub trait HttpStatus {
    fn status(&self) -> u16;
}

impl HttpStatus for aws_sdk_s3::config::http::HttpResponse {
    fn status(&self) -> u16 {
        self.status().as_u16()
    }
}
