mod page;
pub use page::LandingPage;
