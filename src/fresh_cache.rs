//! Values kept for a moment, where the requests that miss the same key at the
//! same time share one load ("single flight"): when a popular survey's entry
//! goes stale in the middle of a burst, one request reads the database and the
//! others wait for its result instead of each reading and checking it again.

use futures_util::future::{BoxFuture, FutureExt, Shared};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a load ended with; the error is shared by every request that waited.
type Outcome<T> = Result<Option<Arc<T>>, Arc<anyhow::Error>>;
type Flight<T> = Shared<BoxFuture<'static, Outcome<T>>>;

pub struct FreshCache<T> {
    fresh_for: Duration,
    max_entries: usize,
    entries: Mutex<HashMap<String, (Instant, Flight<T>)>>,
}

impl<T: Send + Sync + 'static> FreshCache<T> {
    pub fn new(fresh_for: Duration, max_entries: usize) -> Self {
        Self {
            fresh_for,
            max_entries,
            entries: Mutex::default(),
        }
    }

    /// The value under `key`, loaded by `load` unless a fresh one is kept or
    /// another request is loading it right now. Only found values are kept:
    /// a miss or an error is asked again by the next request, so unknown keys
    /// cannot fill the cache and a failed read is not remembered.
    pub async fn get_or_load<F>(
        &self,
        key: &str,
        load: impl FnOnce() -> F,
    ) -> anyhow::Result<Option<Arc<T>>>
    where
        F: Future<Output = anyhow::Result<Option<T>>> + Send + 'static,
    {
        self.get_or_load_shared(key, load)
            .await
            .map_err(|error| crate::shared_error::SharedError::handle(&error))
    }

    /// The same, with the load's own error (shared by every waiter), for a
    /// caller that looks at what the error is.
    pub async fn get_or_load_shared<F>(
        &self,
        key: &str,
        load: impl FnOnce() -> F,
    ) -> Result<Option<Arc<T>>, Arc<anyhow::Error>>
    where
        F: Future<Output = anyhow::Result<Option<T>>> + Send + 'static,
    {
        let flight = self.flight(key, load);
        let outcome = match flight.peek() {
            Some(done) => done.clone(),
            None => flight.clone().await,
        };
        if !matches!(outcome, Ok(Some(_))) {
            self.drop_flight(key, &flight);
        }
        outcome
    }

    /// Drops what is kept under `key`: the next request loads it again.
    pub fn forget(&self, key: &str) {
        self.lock().remove(key);
    }

    /// The fresh or running load of `key`, else a new one (started by
    /// whoever awaits it first).
    fn flight<F>(&self, key: &str, load: impl FnOnce() -> F) -> Flight<T>
    where
        F: Future<Output = anyhow::Result<Option<T>>> + Send + 'static,
    {
        let mut entries = self.lock();
        if let Some((started, flight)) = entries.get(key) {
            if started.elapsed() < self.fresh_for {
                return flight.clone();
            }
        }
        if entries.len() >= self.max_entries {
            entries.retain(|_, (started, _)| started.elapsed() < self.fresh_for);
            if entries.len() >= self.max_entries {
                entries.clear();
            }
        }
        let flight = load()
            .map(|loaded| loaded.map(|found| found.map(Arc::new)).map_err(Arc::new))
            .boxed()
            .shared();
        entries.insert(key.to_owned(), (Instant::now(), flight.clone()));
        flight
    }

    fn drop_flight(&self, key: &str, flight: &Flight<T>) {
        let mut entries = self.lock();
        if entries
            .get(key)
            .is_some_and(|(_, kept)| kept.ptr_eq(flight))
        {
            entries.remove(key);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, Flight<T>)>> {
        self.entries.lock().expect("cache lock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn cache() -> Arc<FreshCache<String>> {
        Arc::new(FreshCache::new(Duration::from_secs(60), 100))
    }

    /// A load that takes a moment and counts how often it ran.
    fn slow_load(
        loads: &Arc<AtomicUsize>,
        result: anyhow::Result<Option<String>>,
    ) -> impl Future<Output = anyhow::Result<Option<String>>> + Send + 'static {
        let loads = loads.clone();
        async move {
            loads.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            result
        }
    }

    async fn ask_at_once(
        cache: &Arc<FreshCache<String>>,
        loads: &Arc<AtomicUsize>,
        result: fn() -> anyhow::Result<Option<String>>,
    ) -> Vec<Result<Option<String>, String>> {
        let asks = (0..20).map(|_| {
            let (cache, loads) = (cache.clone(), loads.clone());
            tokio::spawn(async move {
                cache
                    .get_or_load("s", || slow_load(&loads, result()))
                    .await
                    .map(|found| found.map(|value| value.to_string()))
                    .map_err(|error| error.to_string())
            })
        });
        let mut answers = Vec::new();
        for ask in asks.collect::<Vec<_>>() {
            answers.push(ask.await.expect("the task ends"));
        }
        answers
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn requests_that_miss_together_share_one_load_and_the_value_is_kept() {
        let (cache, loads) = (cache(), Arc::new(AtomicUsize::new(0)));
        let answers = ask_at_once(&cache, &loads, || Ok(Some("survey".into()))).await;
        assert_eq!(loads.load(Ordering::SeqCst), 1);
        assert!(answers.iter().all(|a| a == &Ok(Some("survey".into()))));

        let again = cache.get_or_load("s", || slow_load(&loads, Ok(None))).await;
        assert_eq!(again.unwrap().as_deref(), Some(&"survey".to_string()));
        assert_eq!(
            loads.load(Ordering::SeqCst),
            1,
            "a fresh value is not loaded again"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_error_reaches_every_waiter_once_and_is_not_kept() {
        let (cache, loads) = (cache(), Arc::new(AtomicUsize::new(0)));
        let answers =
            ask_at_once(&cache, &loads, || Err(anyhow::anyhow!("database is down"))).await;
        assert_eq!(
            loads.load(Ordering::SeqCst),
            1,
            "waiters do not retry one by one"
        );
        assert!(answers.iter().all(|a| a == &Err("database is down".into())));

        let later = cache
            .get_or_load("s", || slow_load(&loads, Ok(Some("back".into()))))
            .await;
        assert_eq!(later.unwrap().as_deref(), Some(&"back".to_string()));
        assert_eq!(loads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn unknown_keys_are_not_kept() {
        let (cache, loads) = (cache(), Arc::new(AtomicUsize::new(0)));
        for _ in 0..3 {
            let found = cache.get_or_load("s", || slow_load(&loads, Ok(None))).await;
            assert!(found.unwrap().is_none());
        }
        assert_eq!(loads.load(Ordering::SeqCst), 3);
        assert!(cache.lock().is_empty());
    }

    #[tokio::test]
    async fn stale_and_forgotten_values_are_loaded_again() {
        let loads = Arc::new(AtomicUsize::new(0));
        let cache = FreshCache::new(Duration::from_millis(20), 100);
        let first = cache.get_or_load("s", || slow_load(&loads, Ok(Some("v1".into()))));
        assert_eq!(first.await.unwrap().as_deref(), Some(&"v1".to_string()));
        tokio::time::sleep(Duration::from_millis(30)).await;
        let stale = cache.get_or_load("s", || slow_load(&loads, Ok(Some("v2".into()))));
        assert_eq!(stale.await.unwrap().as_deref(), Some(&"v2".to_string()));

        let cache = FreshCache::new(Duration::from_secs(60), 100);
        let _ = cache
            .get_or_load("s", || slow_load(&loads, Ok(Some("v1".into()))))
            .await;
        cache.forget("s");
        let edited = cache.get_or_load("s", || slow_load(&loads, Ok(Some("v2".into()))));
        assert_eq!(edited.await.unwrap().as_deref(), Some(&"v2".to_string()));
        assert_eq!(loads.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn the_cache_never_holds_more_than_its_limit() {
        let loads = Arc::new(AtomicUsize::new(0));
        let cache = FreshCache::new(Duration::from_secs(60), 3);
        for key in ["a", "b", "c", "d", "e"] {
            let _ = cache
                .get_or_load(key, || slow_load(&loads, Ok(Some(key.into()))))
                .await;
            assert!(cache.lock().len() <= 3);
        }
        let kept = cache.get_or_load("e", || slow_load(&loads, Ok(None))).await;
        assert_eq!(kept.unwrap().as_deref(), Some(&"e".to_string()));
    }
}
