//! EmpikPlace's seller API (Mirakl: `https://marketplace.empik.com/api`,
//! header `Authorization: <shop API key>`, `shop_id` on every call): the
//! inbox's threads (M11, M10), a reply into a thread (M12) and an order's
//! lines (OR11). Answers are read leniently: what ankieter needs is picked
//! out by Mirakl's published field names, everything else ignored.

mod client;
mod threads;

pub use client::{EmpikAccess, EmpikClient, EmpikError, OutgoingFile, DEFAULT_API_URL};
pub use threads::{InboxMessage, InboxThread, ThreadPage};
