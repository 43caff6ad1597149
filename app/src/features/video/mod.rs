mod page;
pub use page::VideoPage;
