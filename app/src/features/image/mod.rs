mod page;
pub use page::ImagePage;
