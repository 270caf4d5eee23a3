//! What ankieter remembers of a Thulium chat between its notifications:
//! the close carries no e-mail, so the creation's e-mail and whether an
//! agent was assigned are kept until then. Bounded and expiring, in memory:
//! a chat is minutes long, and a restart in the middle loses only that
//! chat's event (it is then counted as closed for an unknown conversation).

use crate::domain::RespondentEmail;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a chat is remembered after its last notification.
pub const CHAT_MEMORY_FOR: Duration = Duration::from_secs(24 * 60 * 60);
/// The most chats remembered at once; the oldest go first beyond it.
pub const CHAT_MEMORY_SIZE: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatState {
    pub email: Option<RespondentEmail>,
    pub agent_assigned: bool,
}

type Key = (Uuid, String);

pub struct ChatMemory {
    inner: Mutex<Memory>,
    capacity: usize,
    keep_for: Duration,
}

#[derive(Default)]
struct Memory {
    chats: HashMap<Key, (ChatState, Instant)>,
    /// Keys in the order they were last touched (a key may appear more
    /// than once; only its newest entry counts).
    order: VecDeque<(Key, Instant)>,
}

impl Default for ChatMemory {
    fn default() -> Self {
        Self::new(CHAT_MEMORY_SIZE, CHAT_MEMORY_FOR)
    }
}

impl ChatMemory {
    pub fn new(capacity: usize, keep_for: Duration) -> Self {
        Self {
            inner: Mutex::default(),
            capacity,
            keep_for,
        }
    }

    /// Changes (or starts) the chat's state.
    pub fn update(
        &self,
        integration: Uuid,
        conversation: &str,
        change: impl FnOnce(&mut ChatState),
    ) {
        let now = Instant::now();
        let mut memory = self.inner.lock().expect("chat memory lock");
        let key = (integration, conversation.to_owned());
        let entry = memory.chats.entry(key.clone()).or_insert((
            ChatState {
                email: None,
                agent_assigned: false,
            },
            now,
        ));
        change(&mut entry.0);
        entry.1 = now;
        memory.order.push_back((key, now));
        self.trim(&mut memory, now);
    }

    /// Takes the chat's state out (its close), if it is remembered.
    pub fn finish(&self, integration: Uuid, conversation: &str) -> Option<ChatState> {
        let now = Instant::now();
        let mut memory = self.inner.lock().expect("chat memory lock");
        self.trim(&mut memory, now);
        memory
            .chats
            .remove(&(integration, conversation.to_owned()))
            .map(|(state, _)| state)
    }

    pub fn len(&self) -> usize {
        self.inner.lock().expect("chat memory lock").chats.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets expired chats, then the least recently touched beyond capacity.
    fn trim(&self, memory: &mut Memory, now: Instant) {
        while let Some((key, touched)) = memory.order.front().cloned() {
            let current = memory.chats.get(&key).map(|(_, at)| *at);
            let stale_entry = current != Some(touched);
            let expired = now.duration_since(touched) >= self.keep_for;
            let over = memory.chats.len() > self.capacity;
            if stale_entry {
                memory.order.pop_front();
            } else if expired || over {
                memory.order.pop_front();
                memory.chats.remove(&key);
            } else {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chats_are_remembered_until_closed() {
        let memory = ChatMemory::default();
        let integration = Uuid::new_v4();
        memory.update(integration, "c1", |chat| {
            chat.email = RespondentEmail::parse("jan@example.com")
        });
        memory.update(integration, "c1", |chat| chat.agent_assigned = true);
        let chat = memory.finish(integration, "c1").unwrap();
        assert!(chat.agent_assigned && chat.email.is_some());
        assert!(memory.finish(integration, "c1").is_none());
        assert!(memory.finish(Uuid::new_v4(), "c1").is_none());
    }

    #[test]
    fn memory_is_bounded_and_the_oldest_go_first() {
        let memory = ChatMemory::new(3, CHAT_MEMORY_FOR);
        let integration = Uuid::new_v4();
        for chat in ["a", "b", "c", "d"] {
            memory.update(integration, chat, |_| {});
        }
        // "a" went when "d" came; "b" touched again outlives "c".
        memory.update(integration, "b", |_| {});
        memory.update(integration, "e", |_| {});
        assert_eq!(memory.len(), 3);
        assert!(memory.finish(integration, "a").is_none());
        assert!(memory.finish(integration, "e").is_some());
        assert!(memory.finish(integration, "b").is_some());
    }

    #[test]
    fn memory_expires() {
        let memory = ChatMemory::new(10, Duration::ZERO);
        let integration = Uuid::new_v4();
        memory.update(integration, "a", |_| {});
        assert!(memory.finish(integration, "a").is_none());
    }
}
