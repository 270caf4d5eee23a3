//! A TCP proxy in front of PostgreSQL that can take the database away the
//! two ways it goes in production: restarted (connections cut, new ones
//! closed at once) or unreachable (packets dropped: connections stall, new
//! ones are never answered). The shared test database itself is untouched.

use std::net::SocketAddr;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Up,
    /// As while PostgreSQL restarts: cut and refused.
    Restarting,
    /// As behind a dead network: silence, no error.
    Unreachable,
}

pub struct TcpProxy {
    pub address: SocketAddr,
    link: watch::Sender<Link>,
    accepting: tokio::task::JoinHandle<()>,
}

impl TcpProxy {
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (link, watching) = watch::channel(Link::Up);
        let accepting = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(carry(client, upstream, watching.clone()));
            }
        });
        Self {
            address,
            link,
            accepting,
        }
    }

    pub fn set(&self, link: Link) {
        self.link.send_replace(link);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// One connection: carried while the link is up; on a change it is cut at
/// once (restarting) or held silent until the link is up again and then cut
/// (unreachable: the server has given up on it meanwhile).
async fn carry(mut client: TcpStream, upstream: SocketAddr, mut link: watch::Receiver<Link>) {
    let current = *link.borrow_and_update();
    match current {
        Link::Restarting => return,
        Link::Unreachable => {
            hold_silent(&mut client, &mut link).await;
            return;
        }
        Link::Up => {}
    }
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => return,
        _ = link.changed() => {}
    }
    if *link.borrow_and_update() == Link::Unreachable {
        hold_silent(&mut client, &mut link).await;
    }
}

/// Reads and drops what the client sends until the link is up again.
async fn hold_silent(client: &mut TcpStream, link: &mut watch::Receiver<Link>) {
    let mut sink = [0u8; 4096];
    loop {
        tokio::select! {
            read = client.read(&mut sink) => {
                if matches!(read, Ok(0) | Err(_)) {
                    return;
                }
            }
            changed = link.changed() => {
                if changed.is_err() || *link.borrow_and_update() == Link::Up {
                    return;
                }
            }
        }
    }
}
