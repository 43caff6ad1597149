mod page;
pub use page::ChatPage;
