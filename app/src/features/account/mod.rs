mod page;
pub use page::AccountPage;
