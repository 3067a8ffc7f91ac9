//! [`Batch`]: many generated requests sent as JSON batches (`POST /$batch`), at most
//! [`MAX_BATCH_STEPS`] per batch, with a result per step.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::runtime::send::Outgoing;
use crate::{Client, Error, Request, ServiceError};

/// The most steps Graph accepts in one `$batch` request.
pub const MAX_BATCH_STEPS: usize = 20;

/// Generated requests collected to be sent together through `POST {base}/$batch`.
///
/// Add requests with [`Batch::add`] (or [`Batch::add_after`] for a step that must wait for
/// others, Graph's `dependsOn`); each gives a typed [`BatchStep`] handle whose result is read
/// from the [`BatchResults`] with [`BatchResults::get`]. Steps are numbered `"1"`, `"2"`, ...
/// in the order they are added.
///
/// [`Batch::send`] splits the steps into `$batch` requests of at most [`MAX_BATCH_STEPS`],
/// in order, keeping every chain of `dependsOn` inside one request (Graph only resolves
/// dependencies within a batch): a chain of more than 20 linked steps is refused with
/// [`Error::Config`] before anything is sent. The `$batch` requests are sent one after the
/// other; each is a `POST`, retried as the client's policy says (only after 429 or 503 or
/// when the connection could not be opened). Steps that the service throttles inside a
/// successful batch (a step status of 429: not carried out) are sent again in a `$batch` of
/// their own after their `Retry-After` (else the client's backoff), together with the
/// steps that failed only because they depend on one (424), under the same limits as any
/// request: [`crate::ClientBuilder::max_retries`] and
/// [`crate::ClientBuilder::max_total_retry_wait`]. A step still throttled then has an
/// [`Error::Service`] result with [`ServiceError::retry_after`].
///
/// ```ignore
/// # async fn run(client: graph_api::Client) -> Result<(), graph_api::Error> {
/// let mut batch = client.batch();
/// let a = batch.add(client.get_user_pfx_certificate("a"));
/// let d = batch.add_after(client.delete_user_pfx_certificate("b"), &[a.id()]);
/// let results = batch.send().await?;
/// let cert = results.get(&a)?;
/// results.get(&d)?;
/// # Ok(())
/// # }
/// ```
///
/// `Debug` shows each step's id, method and URL only (never bodies, headers or the token).
pub struct Batch {
    client: Client,
    steps: Vec<Step>,
    /// The first error found while adding steps, returned by `send`.
    pending: Option<Error>,
}

struct Step {
    id: String,
    method: Method,
    /// Relative to the base URL, starting with `/`.
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    depends_on: Vec<String>,
}

/// A typed handle on one step of a [`Batch`], to read its result with
/// [`BatchResults::get`].
pub struct BatchStep<T> {
    id: String,
    decode: crate::runtime::request::Decode<T>,
    _marker: PhantomData<fn() -> T>,
}

impl<T> BatchStep<T> {
    /// The step's id in the `$batch` request (also what [`Batch::add_after`] takes).
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl<T> Clone for BatchStep<T> {
    fn clone(&self) -> Self {
        BatchStep {
            id: self.id.clone(),
            decode: self.decode,
            _marker: PhantomData,
        }
    }
}

impl<T> fmt::Debug for BatchStep<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchStep").field("id", &self.id).finish()
    }
}

impl Client {
    /// Starts a [`Batch`] of requests sent through this client.
    pub fn batch(&self) -> Batch {
        Batch::new(self)
    }
}

impl Batch {
    /// An empty batch sent through `client`.
    pub fn new(client: &Client) -> Self {
        Batch {
            client: client.clone(),
            steps: Vec::new(),
            pending: None,
        }
    }

    /// The number of steps added.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether no step was added.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Adds a step.
    pub fn add<T, P>(&mut self, request: Request<T, P>) -> BatchStep<T> {
        self.add_after(request, &[])
    }

    /// Adds a step that the service runs only after the steps with these ids (which must
    /// have been added before) succeeded; if one of them fails, this step's result is a
    /// `424 Failed Dependency` service error.
    ///
    /// A request that cannot be batched (prepared with an error, not under the base URL,
    /// a body that is not JSON, a header that is not text) or an unknown id makes
    /// [`Batch::send`] fail with that error before anything is sent.
    pub fn add_after<T, P>(&mut self, request: Request<T, P>, depends_on: &[&str]) -> BatchStep<T> {
        let id = (self.steps.len() + 1).to_string();
        let decode = request.decoder();
        match self.step(&id, request, depends_on) {
            Ok(step) => self.steps.push(step),
            Err(e) => {
                self.pending.get_or_insert(e);
            }
        }
        BatchStep {
            id,
            decode,
            _marker: PhantomData,
        }
    }

    fn step<T, P>(
        &self,
        id: &str,
        request: Request<T, P>,
        depends_on: &[&str],
    ) -> Result<Step, Error> {
        let parts = request.into_parts();
        if let Some(e) = parts.pending {
            return Err(e);
        }
        let base = self.client.base_url();
        let url = parts
            .url
            .strip_prefix(base)
            .filter(|rest| parts.authorize && rest.starts_with('/'))
            .ok_or_else(|| {
                Error::Config(format!(
                    "step {id}: only requests under the base URL {base:?} can be batched, not {:?}",
                    parts.url
                ))
            })?
            .to_owned();
        let mut headers = Vec::new();
        let mut has_content_type = false;
        for (name, value) in &parts.headers {
            let value = value
                .to_str()
                .map_err(|_| Error::Config(format!("step {id}: header {name} is not text")))?;
            has_content_type |= *name == reqwest::header::CONTENT_TYPE;
            headers.push((name.as_str().to_owned(), value.to_owned()));
        }
        let body = match &parts.body {
            Some(bytes) => Some(serde_json::from_slice::<Value>(bytes).map_err(|_| {
                Error::Config(format!("step {id}: a batched request body must be JSON"))
            })?),
            None => None,
        };
        if body.is_some() && !has_content_type {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        for dep in depends_on {
            if !self.steps.iter().any(|s| s.id == *dep) {
                return Err(Error::Config(format!(
                    "step {id} depends on {dep:?}, which is not an earlier step of this batch"
                )));
            }
        }
        Ok(Step {
            id: id.to_owned(),
            method: parts.method,
            url,
            headers,
            body,
            depends_on: depends_on.iter().map(|d| (*d).to_owned()).collect(),
        })
    }

    /// Splits the steps (by index) into `$batch` requests: linked steps stay together,
    /// otherwise in order, at most [`MAX_BATCH_STEPS`] each.
    fn plan(&self) -> Result<Vec<Vec<usize>>, Error> {
        let index: HashMap<&str, usize> = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut parent: Vec<usize> = (0..self.steps.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for (i, step) in self.steps.iter().enumerate() {
            for dep in &step.depends_on {
                if let Some(&j) = index.get(dep.as_str()) {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    // The smaller index is the root, so a group is named by its first step.
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..self.steps.len() {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        let mut chunks: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        for group in groups.into_values() {
            if group.len() > MAX_BATCH_STEPS {
                let ids: Vec<&str> = group.iter().map(|&i| self.steps[i].id.as_str()).collect();
                return Err(Error::Config(format!(
                    "steps {} are linked by dependsOn into a group of {}; one $batch holds at \
                     most {MAX_BATCH_STEPS} and dependencies cannot span batches",
                    ids.join(","),
                    group.len()
                )));
            }
            if current.len() + group.len() > MAX_BATCH_STEPS {
                chunks.push(std::mem::take(&mut current));
            }
            current.extend(group);
        }
        if !current.is_empty() {
            chunks.push(current);
        }
        for chunk in &mut chunks {
            chunk.sort_unstable();
        }
        Ok(chunks)
    }

    /// Sends the steps, in as many `$batch` requests as needed (see [`Batch`]), and returns
    /// every step's result.
    ///
    /// Fails without sending anything when a step could not be added or the steps cannot
    /// be split. Once sending starts it returns `Ok`: a `$batch` request that fails as a
    /// whole gives each of its steps an [`Error::BatchRequestFailed`] result, and the
    /// other requests are still sent.
    pub async fn send(self) -> Result<BatchResults, Error> {
        if let Some(e) = self.pending {
            return Err(e);
        }
        let chunks = self.plan()?;
        let url = format!("{}/$batch", self.client.base_url());
        let policy = self.client.retry_policy();
        let mut results = HashMap::new();
        for chunk in chunks {
            // The steps of this chunk still to send, and the retry budget they share.
            let mut pending = chunk;
            let (mut attempt, mut waited) = (0u32, Duration::ZERO);
            while !pending.is_empty() {
                let present: HashSet<&str> =
                    pending.iter().map(|&i| self.steps[i].id.as_str()).collect();
                let requests: Vec<Value> = pending
                    .iter()
                    .map(|&i| self.steps[i].to_json(&present))
                    .collect();
                let mut body = Map::new();
                body.insert("requests".into(), Value::Array(requests));
                let bytes = Bytes::from(serde_json::to_vec(&body).map_err(Error::Encode)?);
                let answer = self
                    .client
                    .execute(Outgoing {
                        method: &Method::POST,
                        url: &url,
                        authorize: true,
                        body: Some(&bytes),
                        headers: &[],
                    })
                    .await
                    .and_then(|incoming| parse_answer(incoming.status, &incoming.body));
                let mut answered = match answer {
                    Ok(answered) => answered,
                    Err(e) => {
                        let shared = Arc::new(e);
                        for &i in &pending {
                            results
                                .insert(self.steps[i].id.clone(), Outcome::Failed(shared.clone()));
                        }
                        break;
                    }
                };
                let again = self.throttled(&pending, &answered);
                let wait = again
                    .iter()
                    .filter_map(|&i| answered.get(&self.steps[i].id))
                    .filter_map(StepAnswer::retry_after)
                    .max()
                    .unwrap_or_else(|| crate::runtime::send::backoff(&policy, attempt));
                let retry = !again.is_empty()
                    && attempt < policy.max_retries
                    && waited.saturating_add(wait) <= policy.max_total_wait;
                for &i in &pending {
                    let id = &self.steps[i].id;
                    if retry && again.contains(&i) {
                        continue;
                    }
                    let outcome = answered
                        .remove(id)
                        .map_or(Outcome::Missing, Outcome::Answered);
                    results.insert(id.clone(), outcome);
                }
                if !retry {
                    break;
                }
                tracing::debug!(
                    steps = again.len(),
                    wait_ms = wait.as_millis() as u64,
                    "retrying throttled $batch steps"
                );
                tokio::time::sleep(wait).await;
                waited = waited.saturating_add(wait);
                attempt += 1;
                pending = again;
            }
        }
        Ok(BatchResults { steps: results })
    }
}

impl Batch {
    /// The steps of `pending` to send again: those the service throttled (429), and those
    /// it failed (424) because a step they depend on is sent again. In order.
    fn throttled(&self, pending: &[usize], answered: &HashMap<String, StepAnswer>) -> Vec<usize> {
        let status = |i: usize| answered.get(&self.steps[i].id).map(|a| a.status);
        let mut again: BTreeSet<usize> = pending
            .iter()
            .copied()
            .filter(|&i| status(i) == Some(429))
            .collect();
        // Dependencies point to earlier steps, so one pass in order reaches every chain.
        for &i in pending {
            let blocked = status(i) == Some(424)
                && self.steps[i]
                    .depends_on
                    .iter()
                    .any(|d| again.iter().any(|&j| self.steps[j].id == *d));
            if blocked {
                again.insert(i);
            }
        }
        again.into_iter().collect()
    }
}

impl Step {
    /// The step as a `$batch` request entry; dependencies on steps not in `present` (sent
    /// and answered earlier) are left out.
    fn to_json(&self, present: &HashSet<&str>) -> Value {
        let mut step = Map::new();
        step.insert("id".into(), Value::String(self.id.clone()));
        step.insert(
            "method".into(),
            Value::String(self.method.as_str().to_owned()),
        );
        step.insert("url".into(), Value::String(self.url.clone()));
        if !self.headers.is_empty() {
            let headers: Map<String, Value> = self
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), Value::String(v.clone())))
                .collect();
            step.insert("headers".into(), Value::Object(headers));
        }
        if let Some(body) = &self.body {
            step.insert("body".into(), body.clone());
        }
        let deps: Vec<Value> = self
            .depends_on
            .iter()
            .filter(|d| present.contains(d.as_str()))
            .cloned()
            .map(Value::String)
            .collect();
        if !deps.is_empty() {
            step.insert("dependsOn".into(), Value::Array(deps));
        }
        Value::Object(step)
    }
}

impl fmt::Debug for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Shown<'a>(&'a Step);
        impl fmt::Debug for Shown<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} {} {}", self.0.id, self.0.method, self.0.url)
            }
        }
        f.debug_struct("Batch")
            .field("base_url", &self.client.base_url())
            .field("steps", &self.steps.iter().map(Shown).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// One step's answer inside a `$batch` response.
#[derive(Deserialize)]
struct StepAnswer {
    id: String,
    status: u16,
    #[serde(default)]
    headers: Map<String, Value>,
    #[serde(default)]
    body: Option<Value>,
}

impl StepAnswer {
    /// The step's own `Retry-After`, in seconds or as an HTTP date.
    fn retry_after(&self) -> Option<Duration> {
        let value = self
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
            .and_then(|(_, v)| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })?;
        crate::runtime::error::parse_retry_after(&value, std::time::SystemTime::now())
    }
}

/// `{"responses": [...]}` → answers by step id.
fn parse_answer(status: u16, body: &[u8]) -> Result<HashMap<String, StepAnswer>, Error> {
    #[derive(Deserialize)]
    struct Answer {
        responses: Vec<StepAnswer>,
    }
    let answer: Answer = serde_json::from_slice(body).map_err(|source| Error::Decode {
        status,
        source,
        body: String::from_utf8_lossy(body).into_owned(),
    })?;
    Ok(answer
        .responses
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect())
}

enum Outcome {
    Answered(StepAnswer),
    Failed(Arc<Error>),
    Missing,
}

/// The result of every step of a sent [`Batch`], by step id.
///
/// `Debug` shows each step's id and status only.
pub struct BatchResults {
    steps: HashMap<String, Outcome>,
}

impl BatchResults {
    /// The step's result, decoded like the request's own `send` would: the decoded value
    /// for a 2xx status, [`Error::Service`] for another status (a `424` when a step it
    /// depends on failed), [`Error::BatchRequestFailed`] when the `$batch` request carrying
    /// it failed, [`Error::Protocol`] when the service's answer left the step out.
    pub fn get<T>(&self, step: &BatchStep<T>) -> Result<T, Error> {
        let answer = match self.steps.get(&step.id) {
            Some(Outcome::Answered(answer)) => answer,
            Some(Outcome::Failed(e)) => {
                return Err(Error::BatchRequestFailed {
                    step: step.id.clone(),
                    source: e.clone(),
                })
            }
            Some(Outcome::Missing) | None => {
                return Err(Error::Protocol(format!(
                    "the $batch answer has no response for step {}",
                    step.id
                )))
            }
        };
        let bytes = match &answer.body {
            Some(body) => serde_json::to_vec(body).map_err(Error::Encode)?,
            None => Vec::new(),
        };
        if (200..300).contains(&answer.status) {
            (step.decode)(answer.status, &bytes).map_err(|source| Error::Decode {
                status: answer.status,
                source,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            })
        } else {
            let header = |name: &str| {
                answer
                    .headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .and_then(|(_, v)| v.as_str())
                    .map(str::to_owned)
            };
            Err(Error::Service(Box::new(ServiceError::from_parts(
                answer.status,
                header,
                &bytes,
            ))))
        }
    }

    /// The status the service gave the step, if it answered it.
    pub fn status(&self, id: &str) -> Option<u16> {
        match self.steps.get(id)? {
            Outcome::Answered(answer) => Some(answer.status),
            Outcome::Failed(_) | Outcome::Missing => None,
        }
    }

    /// The step's raw JSON body, if the service answered it with one.
    pub fn body(&self, id: &str) -> Option<&Value> {
        match self.steps.get(id)? {
            Outcome::Answered(answer) => answer.body.as_ref(),
            Outcome::Failed(_) | Outcome::Missing => None,
        }
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether there are no steps.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

impl fmt::Debug for BatchResults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut ids: Vec<&String> = self.steps.keys().collect();
        ids.sort_by_key(|id| (id.len(), id.as_str()));
        let mut map = f.debug_map();
        for id in ids {
            match &self.steps[id] {
                Outcome::Answered(a) => map.entry(id, &a.status),
                Outcome::Failed(_) => map.entry(id, &"batch request failed"),
                Outcome::Missing => map.entry(id, &"no response"),
            };
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{decode_empty, decode_json};

    fn client() -> Client {
        Client::builder()
            .base_url("https://graph.test/beta")
            .bearer_token("TOKEN")
            .build()
            .unwrap()
    }

    fn get(c: &Client, path: &str) -> Request<Value> {
        Request::new(c, Method::GET, path.into(), decode_json::<Value>)
    }

    #[test]
    fn steps_serialize_in_the_batch_format() {
        let c = client();
        let mut batch = c.batch();
        let a = batch.add(get(&c, "/a").header("ConsistencyLevel", "eventual"));
        let b = batch.add_after(
            Request::new(&c, Method::POST, "/b".into(), decode_empty)
                .json_body(&serde_json::json!({"x": 1})),
            &[a.id()],
        );
        assert_eq!((a.id(), b.id()), ("1", "2"));
        assert!(batch.pending.is_none());
        let all: HashSet<&str> = batch.steps.iter().map(|s| s.id.as_str()).collect();
        let json: Vec<Value> = batch.steps.iter().map(|s| s.to_json(&all)).collect();
        assert_eq!(
            json,
            [
                serde_json::json!({"id":"1","method":"GET","url":"/a","headers":{"consistencylevel":"eventual"}}),
                serde_json::json!({"id":"2","method":"POST","url":"/b","headers":{"Content-Type":"application/json"},"body":{"x":1},"dependsOn":["1"]}),
            ]
        );
        let shown = format!("{batch:?}");
        assert!(shown.contains("2 POST /b"), "{shown}");
        assert!(!shown.contains("TOKEN"), "{shown}");
    }

    #[test]
    fn plan_keeps_dependency_groups_together() {
        let c = client();
        let mut batch = c.batch();
        for i in 0..45 {
            batch.add(get(&c, &format!("/i{i}")));
        }
        let sizes: Vec<usize> = batch.plan().unwrap().iter().map(Vec::len).collect();
        assert_eq!(sizes, [20, 20, 5]);

        // 18 independent steps, then a chain of 5: the chain moves whole to the second batch.
        let mut batch = c.batch();
        for i in 0..18 {
            batch.add(get(&c, &format!("/i{i}")));
        }
        let mut prev = batch.add(get(&c, "/chain0"));
        for i in 1..5 {
            prev = batch.add_after(get(&c, &format!("/chain{i}")), &[prev.id()]);
        }
        let plan = batch.plan().unwrap();
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[0], (0..18).collect::<Vec<_>>());
        assert_eq!(plan[1], (18..23).collect::<Vec<_>>());

        // A chain of 21 cannot be sent.
        let mut batch = c.batch();
        let mut prev = batch.add(get(&c, "/c0"));
        for i in 1..21 {
            prev = batch.add_after(get(&c, &format!("/c{i}")), &[prev.id()]);
        }
        assert!(matches!(batch.plan(), Err(Error::Config(_))));
    }

    #[tokio::test]
    async fn bad_steps_fail_the_batch_before_sending() {
        let c = client();
        let mut batch = c.batch();
        batch.add_after(get(&c, "/a"), &["7"]);
        assert!(matches!(batch.send().await, Err(Error::Config(_))));

        let other = Client::builder()
            .base_url("https://elsewhere.test/beta")
            .build()
            .unwrap();
        let mut batch = c.batch();
        batch.add(get(&other, "/a"));
        assert!(matches!(batch.send().await, Err(Error::Config(_))));

        let mut batch = c.batch();
        batch.add(get(&c, "/a").header("bad name", "x"));
        assert!(matches!(batch.send().await, Err(Error::Config(_))));
    }

    #[test]
    fn results_decode_per_step() {
        let answer = br#"{"responses":[
            {"id":"1","status":200,"body":{"n":1}},
            {"id":"2","status":429,"headers":{"Retry-After":"3"},"body":{"error":{"code":"TooManyRequests","message":"slow down"}}},
            {"id":"3","status":204}
        ]}"#;
        let mut answered = parse_answer(200, answer).unwrap();
        let mut steps = HashMap::new();
        for id in ["1", "2", "3"] {
            steps.insert(
                id.to_owned(),
                Outcome::Answered(answered.remove(id).unwrap()),
            );
        }
        steps.insert("4".into(), Outcome::Missing);
        let results = BatchResults { steps };
        let step = |id: &str| BatchStep::<Value> {
            id: id.into(),
            decode: decode_json::<Value>,
            _marker: PhantomData,
        };
        assert_eq!(
            results.get(&step("1")).unwrap(),
            serde_json::json!({"n": 1})
        );
        match results.get(&step("2")).unwrap_err() {
            Error::Service(e) => {
                assert_eq!(e.status, 429);
                assert_eq!(e.code.as_deref(), Some("TooManyRequests"));
                assert_eq!(e.retry_after, Some(std::time::Duration::from_secs(3)));
            }
            other => panic!("{other:?}"),
        }
        let empty = BatchStep::<()> {
            id: "3".into(),
            decode: decode_empty,
            _marker: PhantomData,
        };
        results.get(&empty).unwrap();
        // The decoder sees the step's status.
        let status = BatchStep::<u16> {
            id: "3".into(),
            decode: |status, _| Ok(status),
            _marker: PhantomData,
        };
        assert_eq!(results.get(&status).unwrap(), 204);
        assert!(matches!(results.get(&step("4")), Err(Error::Protocol(_))));
        assert!(matches!(results.get(&step("5")), Err(Error::Protocol(_))));
        assert_eq!(results.status("2"), Some(429));
        assert_eq!(results.body("1"), Some(&serde_json::json!({"n": 1})));
        assert_eq!(
            format!("{results:?}"),
            r#"{"1": 200, "2": 429, "3": 204, "4": "no response"}"#
        );
        assert!(matches!(
            parse_answer(200, b"{\"responses\": 5"),
            Err(Error::Decode { .. })
        ));
    }
}
