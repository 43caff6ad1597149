use crate::types::UnixMillis;
use serde::{Deserialize, Serialize};

/// Where a file came from (the `files.kind` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FileKind {
    /// Made by the image studio.
    Image,
    /// Made by the video studio.
    Video,
    /// A CV, a deck, an invoice.
    Doc,
    /// Sent by the user.
    Upload,
}

impl FileKind {
    pub const ALL: [FileKind; 4] = [FileKind::Image, FileKind::Video, FileKind::Doc, FileKind::Upload];

    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Image => "image",
            FileKind::Video => "video",
            FileKind::Doc => "doc",
            FileKind::Upload => "upload",
        }
    }

    pub fn parse(s: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One file as its owner sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    /// Random, never guessable; the only handle the browser gets.
    pub id: String,
    pub name: String,
    pub kind: FileKind,
    pub content_type: String,
    pub bytes: i64,
    pub created_at: UnixMillis,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration_secs: Option<f64>,
}

impl FileView {
    /// `image`, `video` or `doc`, from the checked content type.
    pub fn media(&self) -> &'static str {
        if self.content_type.starts_with("image/") {
            "image"
        } else if self.content_type.starts_with("video/") {
            "video"
        } else {
            "doc"
        }
    }

    /// The page that checks the owner and sends the browser to a signed link.
    pub fn download_href(&self) -> String {
        format!("/files/{}?download=1", self.id)
    }

    pub fn view_href(&self) -> String {
        format!("/files/{}", self.id)
    }
}

/// The account page's files card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilesView {
    pub files: Vec<FileView>,
    pub used_bytes: i64,
    pub quota_bytes: i64,
    pub max_image_bytes: i64,
    pub max_video_bytes: i64,
    pub max_doc_bytes: i64,
}
