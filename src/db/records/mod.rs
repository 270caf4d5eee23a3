//! What the store reads and writes, independent of the backend.

mod accounts;
mod deliveries;
mod responses;
mod surveys;

pub use accounts::*;
pub use deliveries::*;
pub use responses::*;
pub use surveys::*;
