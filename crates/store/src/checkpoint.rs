//! The checkpointer thread: copies the WAL into the database file beside the writer, so a
//! commit never waits for a checkpoint (PASSIVE: it never blocks the writer or readers).

use rusqlite::Connection;
use std::sync::Mutex;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

pub(crate) struct Checkpointer {
    stop: Mutex<Option<Sender<()>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Checkpointer {
    pub(crate) fn start(connection: Connection, interval: Duration) -> Checkpointer {
        let (stop, stopped) = channel::<()>();
        let thread = std::thread::Builder::new()
            .name("chuanyu-checkpointer".into())
            .spawn(move || {
                // Until told to stop (or the store is dropped): a busy database just means "next time".
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                    let _ = connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
                let _ = connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            })
            .expect("spawn the checkpointer thread");
        Checkpointer {
            stop: Mutex::new(Some(stop)),
            thread: Mutex::new(Some(thread)),
        }
    }

    pub(crate) fn shutdown(&self) {
        self.stop.lock().expect("checkpointer poisoned").take();
        if let Some(thread) = self.thread.lock().expect("checkpointer poisoned").take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.shutdown();
    }
}
