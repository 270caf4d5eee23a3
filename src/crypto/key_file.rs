//! Where the server key comes from: `ANKIETER_SECRET_KEY`, or a file in the
//! data folder generated once with 0600 permissions.

use super::ServerKey;
use anyhow::Context;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use std::path::Path;

pub const KEY_FILE: &str = "secret.key";
/// Written first by a rotation, renamed over `secret.key` once the database
/// holds only secrets under the new key.
pub const NEW_KEY_FILE: &str = "secret.key.new";

/// How the key was obtained, so start-up can warn about a generated one.
#[derive(Debug, PartialEq, Eq)]
pub enum KeySource {
    Environment,
    ExistingFile,
    GeneratedFile,
}

impl ServerKey {
    /// `ANKIETER_SECRET_KEY` if set; otherwise `data_dir/secret.key`, generated
    /// once with 0600 permissions.
    pub fn load_or_generate(
        from_env: Option<&SecretString>,
        data_dir: &Path,
    ) -> anyhow::Result<(Self, KeySource)> {
        if let Some(key) = from_env {
            return Ok((Self::from_hex(key.expose_secret())?, KeySource::Environment));
        }
        let path = data_dir.join(KEY_FILE);
        if path.exists() {
            return Ok((Self::from_file(&path)?, KeySource::ExistingFile));
        }
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create {}", data_dir.display()))?;
        let hex_key = Self::generate_hex();
        write_private(&path, &hex_key)?;
        Ok((Self::from_hex(&hex_key)?, KeySource::GeneratedFile))
    }

    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the server key {}", path.display()))?;
        Self::from_hex(&text).with_context(|| format!("in {}", path.display()))
    }

    /// 32 fresh random bytes, hex.
    pub fn generate_hex() -> String {
        let mut master = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut master);
        hex::encode(master)
    }
}

/// Creates `path` readable by its owner only; never overwrites.
pub fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create the key file {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_key_file_is_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let (first, source) = ServerKey::load_or_generate(None, dir.path()).unwrap();
        assert_eq!(source, KeySource::GeneratedFile);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (second, source) = ServerKey::load_or_generate(None, dir.path()).unwrap();
        assert_eq!(source, KeySource::ExistingFile);
        assert_eq!(first.sign("x"), second.sign("x"));
    }
}
