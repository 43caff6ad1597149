mod page;
pub use page::CvPage;
