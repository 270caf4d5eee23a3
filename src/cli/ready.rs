//! `ankieter ready`: asks this machine's server whether it is ready
//! (`/readyz`), for a container's HEALTHCHECK without curl in the image.

use crate::configuration::Settings;
use std::time::Duration;

pub async fn run(settings: &Settings) -> anyhow::Result<()> {
    let address: std::net::SocketAddr = settings
        .listen
        .parse()
        .map_err(|_| anyhow::anyhow!("listen {:?} is not an address and port", settings.listen))?;
    let host = match address.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".to_owned(),
        ip if ip.is_unspecified() => "[::1]".to_owned(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/readyz", address.port());
    let answer = reqwest::Client::builder()
        .timeout(Duration::from_secs(4))
        .build()?
        .get(&url)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("{url} did not answer: {e}"))?;
    let status = answer.status();
    let body = answer.text().await.unwrap_or_default();
    if status.is_success() {
        println!("ready: {}", body.trim());
        Ok(())
    } else {
        anyhow::bail!("not ready (HTTP {}): {}", status.as_u16(), body.trim())
    }
}
