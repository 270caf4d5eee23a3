//! Thulium's REST API (`https://<system>.thulium.com/api`, HTTP Basic with an
//! API user): the tickets the poller reads and the chat queues' names.
//! Answers are read leniently (Thulium's fields vary between versions): what
//! ankieter needs is picked out, everything else ignored.

mod client;
mod helpdesk;
mod tickets;

pub use client::{ThuliumAccess, ThuliumClient, ThuliumError, PAGE};
pub use helpdesk::{Named, NewTicket};
pub use tickets::{format_time, parse_time, ChatQueue, Ticket, TicketMessage};
