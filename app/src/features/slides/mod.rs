mod page;
pub use page::SlidesPage;
