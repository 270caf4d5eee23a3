//! A SQLite VFS named `powerloss` that wraps the built-in `unix` VFS and
//! tells the simulated disk (`disk`) about every open, write, truncate, sync
//! and delete. Everything else — locks, the WAL's shared memory, sector
//! sizes — is the unix VFS's own, so what runs is SQLite's real code with
//! only durability simulated.
//!
//! Written against `libsqlite3-sys` (the same SQLite the server links)
//! rather than with a crate that implements whole VFSes: those must
//! implement locking and WAL shared memory again, and this test is about
//! the server on SQLite's own.

use crate::disk::{self, Token};
use libsqlite3_sys as ffi;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Once;

pub const NAME: &str = "powerloss";
const NAME_C: &CStr = c"powerloss";

/// Our part of each open file; the unix VFS's part follows it.
#[repr(C)]
struct File {
    base: ffi::sqlite3_file,
    /// `Some` for a file the simulated disk keeps (leaked box, freed at close).
    token: *mut Option<Token>,
}

const OWN_BYTES: usize = std::mem::size_of::<File>().next_multiple_of(16);

static UNIX: AtomicPtr<ffi::sqlite3_vfs> = AtomicPtr::new(std::ptr::null_mut());
static REGISTER: Once = Once::new();

/// Registers the VFS once per process (not as the default).
pub fn register() {
    REGISTER.call_once(|| unsafe {
        assert_eq!(ffi::sqlite3_initialize(), ffi::SQLITE_OK);
        let unix = ffi::sqlite3_vfs_find(c"unix".as_ptr());
        assert!(!unix.is_null(), "SQLite's unix VFS");
        UNIX.store(unix, Ordering::Release);
        let mut vfs = *unix;
        vfs.szOsFile = (OWN_BYTES + (*unix).szOsFile as usize) as c_int;
        vfs.zName = NAME_C.as_ptr();
        vfs.pNext = std::ptr::null_mut();
        vfs.xOpen = Some(open);
        vfs.xDelete = Some(delete);
        let vfs = Box::leak(Box::new(vfs));
        assert_eq!(ffi::sqlite3_vfs_register(vfs, 0), ffi::SQLITE_OK);
    });
}

fn unix() -> *mut ffi::sqlite3_vfs {
    UNIX.load(Ordering::Acquire)
}

unsafe fn inner(file: *mut ffi::sqlite3_file) -> *mut ffi::sqlite3_file {
    file.cast::<u8>().add(OWN_BYTES).cast()
}

unsafe fn methods(file: *mut ffi::sqlite3_file) -> &'static ffi::sqlite3_io_methods {
    &*(*inner(file)).pMethods
}

unsafe fn token<'a>(file: *mut ffi::sqlite3_file) -> &'a Option<Token> {
    &*(*file.cast::<File>()).token
}

unsafe extern "C" fn open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let own = file.cast::<File>();
    (*own).base.pMethods = std::ptr::null();
    let token = if name.is_null() {
        None
    } else {
        let path = CStr::from_ptr(name).to_string_lossy();
        let durable = flags
            & (ffi::SQLITE_OPEN_MAIN_DB | ffi::SQLITE_OPEN_WAL | ffi::SQLITE_OPEN_MAIN_JOURNAL)
            != 0;
        match disk::opened(&path, durable) {
            Ok(token) => token,
            Err(_) => return ffi::SQLITE_CANTOPEN,
        }
    };
    let unix = unix();
    let rc = ((*unix).xOpen.unwrap())(unix, name, inner(file), flags, out_flags);
    if rc != ffi::SQLITE_OK || (*inner(file)).pMethods.is_null() {
        return rc;
    }
    (*own).token = Box::into_raw(Box::new(token));
    (*own).base.pMethods = &METHODS;
    ffi::SQLITE_OK
}

unsafe extern "C" fn delete(
    _vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    sync_dir: c_int,
) -> c_int {
    if disk::deleted(&CStr::from_ptr(name).to_string_lossy()).is_err() {
        return ffi::SQLITE_IOERR_DELETE;
    }
    let unix = unix();
    ((*unix).xDelete.unwrap())(unix, name, sync_dir)
}

static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 3,
    xClose: Some(close),
    xRead: Some(read),
    xWrite: Some(write),
    xTruncate: Some(truncate),
    xSync: Some(sync),
    xFileSize: Some(file_size),
    xLock: Some(lock),
    xUnlock: Some(unlock),
    xCheckReservedLock: Some(check_reserved_lock),
    xFileControl: Some(file_control),
    xSectorSize: Some(sector_size),
    xDeviceCharacteristics: Some(device_characteristics),
    xShmMap: Some(shm_map),
    xShmLock: Some(shm_lock),
    xShmBarrier: Some(shm_barrier),
    xShmUnmap: Some(shm_unmap),
    xFetch: Some(fetch),
    xUnfetch: Some(unfetch),
};

unsafe extern "C" fn close(file: *mut ffi::sqlite3_file) -> c_int {
    let rc = (methods(file).xClose.unwrap())(inner(file));
    drop(Box::from_raw((*file.cast::<File>()).token));
    rc
}

unsafe extern "C" fn read(
    file: *mut ffi::sqlite3_file,
    buf: *mut c_void,
    amount: c_int,
    offset: i64,
) -> c_int {
    if let Some(token) = token(file) {
        if disk::read(token).is_err() {
            return ffi::SQLITE_IOERR_READ;
        }
    }
    (methods(file).xRead.unwrap())(inner(file), buf, amount, offset)
}

unsafe extern "C" fn write(
    file: *mut ffi::sqlite3_file,
    buf: *const c_void,
    amount: c_int,
    offset: i64,
) -> c_int {
    let real = || (methods(file).xWrite.unwrap())(inner(file), buf, amount, offset);
    match token(file) {
        Some(token) => {
            let data = std::slice::from_raw_parts(buf.cast::<u8>(), amount as usize);
            disk::write(token, offset as usize, data, real)
        }
        None => real(),
    }
}

unsafe extern "C" fn truncate(file: *mut ffi::sqlite3_file, size: i64) -> c_int {
    let real = || (methods(file).xTruncate.unwrap())(inner(file), size);
    match token(file) {
        Some(token) => disk::truncate(token, size as usize, real),
        None => real(),
    }
}

unsafe extern "C" fn sync(file: *mut ffi::sqlite3_file, flags: c_int) -> c_int {
    match token(file) {
        Some(token) => disk::sync(token),
        None => (methods(file).xSync.unwrap())(inner(file), flags),
    }
}

unsafe extern "C" fn file_size(file: *mut ffi::sqlite3_file, size: *mut i64) -> c_int {
    (methods(file).xFileSize.unwrap())(inner(file), size)
}

unsafe extern "C" fn lock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    (methods(file).xLock.unwrap())(inner(file), level)
}

unsafe extern "C" fn unlock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    (methods(file).xUnlock.unwrap())(inner(file), level)
}

unsafe extern "C" fn check_reserved_lock(file: *mut ffi::sqlite3_file, out: *mut c_int) -> c_int {
    (methods(file).xCheckReservedLock.unwrap())(inner(file), out)
}

unsafe extern "C" fn file_control(
    file: *mut ffi::sqlite3_file,
    op: c_int,
    arg: *mut c_void,
) -> c_int {
    (methods(file).xFileControl.unwrap())(inner(file), op, arg)
}

unsafe extern "C" fn sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    (methods(file).xSectorSize.unwrap())(inner(file))
}

unsafe extern "C" fn device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    (methods(file).xDeviceCharacteristics.unwrap())(inner(file))
}

unsafe extern "C" fn shm_map(
    file: *mut ffi::sqlite3_file,
    region: c_int,
    size: c_int,
    extend: c_int,
    out: *mut *mut c_void,
) -> c_int {
    (methods(file).xShmMap.unwrap())(inner(file), region, size, extend, out)
}

unsafe extern "C" fn shm_lock(
    file: *mut ffi::sqlite3_file,
    offset: c_int,
    n: c_int,
    flags: c_int,
) -> c_int {
    (methods(file).xShmLock.unwrap())(inner(file), offset, n, flags)
}

unsafe extern "C" fn shm_barrier(file: *mut ffi::sqlite3_file) {
    (methods(file).xShmBarrier.unwrap())(inner(file))
}

unsafe extern "C" fn shm_unmap(file: *mut ffi::sqlite3_file, delete: c_int) -> c_int {
    (methods(file).xShmUnmap.unwrap())(inner(file), delete)
}

unsafe extern "C" fn fetch(
    file: *mut ffi::sqlite3_file,
    offset: i64,
    amount: c_int,
    out: *mut *mut c_void,
) -> c_int {
    (methods(file).xFetch.unwrap())(inner(file), offset, amount, out)
}

unsafe extern "C" fn unfetch(
    file: *mut ffi::sqlite3_file,
    offset: i64,
    page: *mut c_void,
) -> c_int {
    (methods(file).xUnfetch.unwrap())(inner(file), offset, page)
}
