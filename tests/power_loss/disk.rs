//! The simulated disk: what the files hold, and what would survive a power
//! cut.
//!
//! Every write reaches the real file at once (so every connection sees it,
//! as the page cache would show it), and is also kept here as *pending*
//! until its file is synced (`xSync`, SQLite's `fsync`/`fdatasync`). A sync
//! applies the file's pending writes to its *durable* image. A cut turns the
//! power off: from then on every read, write, sync and open of the machine's
//! files fails, as on a machine without power. The next boot starts from
//! the durable images, in a fresh folder, with each pending write kept,
//! dropped or torn at a sector boundary, as a disk with a volatile cache may
//! leave them, in any order.
//!
//! A boot lives in a folder of its own (`boot-0`, `boot-1`, …): a process
//! of a dead boot that still runs (an HTTP handler still answering, a pool
//! opening a connection) can touch nothing of the next boot's files.

use rand::rngs::StdRng;
use rand::Rng;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The sector a torn write is cut at: SQLite's unix VFS says 512 bytes.
const SECTOR: usize = 512;

static DISK: Mutex<Disk> = Mutex::new(Disk::new());

#[derive(Default)]
struct Image {
    durable: Vec<u8>,
    pending: Vec<Pending>,
}

enum Pending {
    Write { offset: usize, data: Vec<u8> },
    Truncate(usize),
}

struct Disk {
    /// The folder of the running boot, if any: only its files are simulated.
    live: Option<String>,
    /// Folders of earlier boots: their files are as dead as the power.
    dead: Vec<String>,
    /// Bumped at every boot: handles opened in an earlier one stay dead.
    epoch: u64,
    power: bool,
    /// Writes, truncates and syncs left before the power goes by itself.
    countdown: Option<u64>,
    /// Writes, truncates and syncs since the boot.
    operations: u64,
    images: BTreeMap<String, Image>,
}

/// What a handle of a simulated file carries: which file, of which boot.
#[derive(Clone, Debug)]
pub struct Token {
    path: String,
    epoch: u64,
}

/// The power was off: the operation failed and did nothing.
#[derive(Debug)]
pub struct PowerOff;

impl Disk {
    const fn new() -> Self {
        Self {
            live: None,
            dead: Vec::new(),
            epoch: 0,
            power: false,
            countdown: None,
            operations: 0,
            images: BTreeMap::new(),
        }
    }

    fn check(&self, token: &Token) -> Result<(), PowerOff> {
        if self.power && token.epoch == self.epoch {
            Ok(())
        } else {
            Err(PowerOff)
        }
    }

    /// One write, truncate or sync: the countdown may cut the power first.
    fn operation(&mut self, token: &Token) -> Result<(), PowerOff> {
        self.check(token)?;
        if let Some(left) = self.countdown.as_mut() {
            if *left == 0 {
                self.power = false;
                self.countdown = None;
                return Err(PowerOff);
            }
            *left -= 1;
        }
        self.operations += 1;
        Ok(())
    }

    fn image(&mut self, token: &Token) -> &mut Image {
        self.images.entry(token.path.clone()).or_default()
    }
}

fn disk() -> MutexGuard<'static, Disk> {
    DISK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Called by the VFS as a file is opened: `Ok(Some)` for a file of the
/// running boot that must survive (database, WAL, journal), `Ok(None)` for
/// any other file, `Err` for a file of a dead boot or while the power is off.
pub fn opened(path: &str, durable: bool) -> Result<Option<Token>, PowerOff> {
    let mut disk = disk();
    if disk.dead.iter().any(|dead| path.starts_with(dead.as_str())) {
        return Err(PowerOff);
    }
    let Some(live) = &disk.live else {
        return Ok(None);
    };
    if !path.starts_with(live.as_str()) {
        return Ok(None);
    }
    if !disk.power {
        return Err(PowerOff);
    }
    if !durable {
        return Ok(None);
    }
    let token = Token {
        path: path.to_owned(),
        epoch: disk.epoch,
    };
    if !disk.images.contains_key(path) {
        // What the boot found on disk is durable: it is what the last boot
        // left, or nothing.
        let durable = std::fs::read(path).unwrap_or_default();
        disk.images.insert(
            path.to_owned(),
            Image {
                durable,
                pending: Vec::new(),
            },
        );
    }
    Ok(Some(token))
}

/// Reads need power, but are not counted.
pub fn read(token: &Token) -> Result<(), PowerOff> {
    disk().check(token)
}

/// Runs `write` (the real one) with the power on, and keeps it as pending.
pub fn write(token: &Token, offset: usize, data: &[u8], write: impl FnOnce() -> i32) -> i32 {
    let mut disk = disk();
    if disk.operation(token).is_err() {
        return libsqlite3_sys::SQLITE_IOERR_WRITE;
    }
    let rc = write();
    if rc == libsqlite3_sys::SQLITE_OK {
        disk.image(token).pending.push(Pending::Write {
            offset,
            data: data.to_vec(),
        });
    }
    rc
}

pub fn truncate(token: &Token, size: usize, truncate: impl FnOnce() -> i32) -> i32 {
    let mut disk = disk();
    if disk.operation(token).is_err() {
        return libsqlite3_sys::SQLITE_IOERR_TRUNCATE;
    }
    let rc = truncate();
    if rc == libsqlite3_sys::SQLITE_OK {
        disk.image(token).pending.push(Pending::Truncate(size));
    }
    rc
}

/// A sync makes the file's pending writes durable. The real `fsync` is not
/// needed (the simulation decides what survives) and would only slow it.
pub fn sync(token: &Token) -> i32 {
    let mut disk = disk();
    if disk.operation(token).is_err() {
        return libsqlite3_sys::SQLITE_IOERR_FSYNC;
    }
    let image = disk.image(token);
    for pending in std::mem::take(&mut image.pending) {
        apply(&mut image.durable, &pending, usize::MAX);
    }
    libsqlite3_sys::SQLITE_OK
}

/// A deleted file is gone at once: SQLite deletes a WAL or a journal only
/// after syncing what it held into the database.
pub fn deleted(path: &str) -> Result<(), PowerOff> {
    let mut disk = disk();
    if disk.dead.iter().any(|dead| path.starts_with(dead.as_str())) {
        return Err(PowerOff);
    }
    if disk
        .live
        .as_ref()
        .is_some_and(|live| path.starts_with(live.as_str()))
    {
        if !disk.power {
            return Err(PowerOff);
        }
        disk.images.remove(path);
    }
    Ok(())
}

fn apply(image: &mut Vec<u8>, pending: &Pending, keep: usize) {
    match pending {
        Pending::Write { offset, data } => {
            let data = &data[..keep.min(data.len())];
            let end = offset + data.len();
            if image.len() < end {
                image.resize(end, 0);
            }
            image[*offset..end].copy_from_slice(data);
        }
        Pending::Truncate(size) => image.resize(*size, 0),
    }
}

/// The machine the server runs on: its boots' folders and its power.
pub struct Machine {
    root: PathBuf,
    boot: u32,
}

/// What one cut did to the writes not yet synced.
#[derive(Debug, Default, Clone, Copy)]
pub struct CutReport {
    pub pending: usize,
    pub kept: usize,
    pub torn: usize,
}

/// How the disk treats what was not synced when the power goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// Everything not synced is gone.
    AllUnsynced,
    /// Each unsynced write is kept, lost or torn at a sector, independently.
    Scrambled,
}

impl Machine {
    /// Powers the machine up on an empty disk under `root`.
    pub fn new(root: &Path) -> Self {
        let root = root.canonicalize().expect("the machine's folder");
        let machine = Self { root, boot: 0 };
        std::fs::create_dir_all(machine.folder()).unwrap();
        let mut disk = disk();
        // Handles of an earlier machine's server that still runs must stay
        // dead: the epoch only ever grows.
        let epoch = disk.epoch + 1;
        let dead = std::mem::take(&mut disk.dead);
        *disk = Disk::new();
        disk.epoch = epoch;
        disk.dead = dead;
        disk.live = Some(format!("{}/", machine.folder().display()));
        disk.power = true;
        machine
    }

    /// The running boot's folder: the server's data folder.
    pub fn folder(&self) -> PathBuf {
        self.root.join(format!("boot-{}", self.boot))
    }

    /// The database URL of the running boot, through the simulation.
    pub fn database_url(&self) -> String {
        format!(
            "sqlite://{}?vfs={}",
            self.folder().join("ankieter.db").display(),
            crate::vfs::NAME
        )
    }

    /// The power goes after `operations` more writes, truncates and syncs.
    pub fn cut_after(&self, operations: u64) {
        disk().countdown = Some(operations);
    }

    /// Arms the cut for a moment: after `point` more writes and syncs, or
    /// never (`None`). Returns the writes and syncs so far, to count the
    /// moment's own.
    pub fn arm(&self, point: Option<u64>) -> u64 {
        if let Some(point) = point {
            self.cut_after(point);
        }
        self.operations()
    }

    pub fn cut_now(&self) {
        disk().power = false;
    }

    pub fn is_on(&self) -> bool {
        disk().power
    }

    /// Writes, truncates and syncs since this boot began.
    pub fn operations(&self) -> u64 {
        disk().operations
    }

    /// Cuts the power (if still on) and boots again: the new folder holds
    /// what the disk kept.
    pub fn reboot(&mut self, loss: Loss, rng: &mut StdRng) -> CutReport {
        let mut disk = disk();
        disk.power = false;
        let old = self.folder();
        self.boot += 1;
        let new = self.folder();
        std::fs::create_dir_all(&new).unwrap();
        let mut report = CutReport::default();
        for (path, image) in std::mem::take(&mut disk.images) {
            let mut bytes = image.durable;
            for pending in &image.pending {
                report.pending += 1;
                let keep = match loss {
                    Loss::AllUnsynced => 0,
                    Loss::Scrambled => match rng.gen_range(0..3) {
                        0 => 0,
                        1 => usize::MAX,
                        _ => torn_at(pending, rng),
                    },
                };
                if keep == 0 {
                    continue;
                }
                if keep == usize::MAX {
                    report.kept += 1;
                } else {
                    report.torn += 1;
                }
                apply(&mut bytes, pending, keep);
            }
            let name = Path::new(&path).strip_prefix(&old).expect("a boot's file");
            std::fs::write(new.join(name), bytes).unwrap();
        }
        if let Some(live) = disk.live.take() {
            disk.dead.push(live);
        }
        disk.live = Some(format!("{}/", new.display()));
        disk.epoch += 1;
        disk.countdown = None;
        disk.operations = 0;
        disk.power = true;
        report
    }
}

impl Drop for Machine {
    fn drop(&mut self) {
        let mut disk = disk();
        if let Some(live) = disk.live.take() {
            disk.dead.push(live);
        }
        disk.images.clear();
        disk.power = false;
        disk.epoch += 1;
    }
}

/// A write torn at a sector inside it (a truncate is all or nothing).
fn torn_at(pending: &Pending, rng: &mut StdRng) -> usize {
    match pending {
        Pending::Write { data, .. } if data.len() > SECTOR => {
            rng.gen_range(1..data.len().div_ceil(SECTOR)) * SECTOR
        }
        Pending::Write { .. } => 0,
        Pending::Truncate(_) => usize::MAX,
    }
}
