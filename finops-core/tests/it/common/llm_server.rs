//! A real HTTP/1.1 server on loopback that speaks the OpenAI chat-completions protocol, with scripted
//! replies: completions with text or tool calls, streamed completions (SSE `data:` chunks), error statuses,
//! and a server that reads the request and never answers. It records every request body. No test reaches
//! the internet.
#![allow(dead_code, unreachable_pub)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

/// What the server answers to one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// 200 with this chat-completion message (`{"role": "assistant", ...}`).
    Message(Value),
    /// 200 as an event stream of these deltas, then `[DONE]`.
    Stream(Vec<Value>),
    /// This status and body.
    Status(u16, String),
    /// Read the request, never answer.
    Hang,
}

/// An assistant message with text.
pub fn text(content: &str) -> Reply {
    Reply::Message(json!({"role": "assistant", "content": content}))
}

/// An assistant message calling tools: `(name, arguments as written)`.
pub fn tool_calls(calls: &[(&str, &str)]) -> Reply {
    let calls: Vec<Value> = calls
        .iter()
        .enumerate()
        .map(|(i, (name, args))| json!({"id": format!("call_{i}"), "type": "function", "function": {"name": name, "arguments": args}}))
        .collect();
    Reply::Message(json!({"role": "assistant", "content": null, "tool_calls": calls}))
}

/// One tool call.
pub fn tool_call(name: &str, arguments: &str) -> Reply {
    tool_calls(&[(name, arguments)])
}

/// A 429 with OpenAI's error body.
pub fn rate_limited() -> Reply {
    Reply::Status(
        429,
        json!({"error": {"message": "Rate limit reached, retry shortly", "type": "rate_limit_error", "param": null, "code": null}})
            .to_string(),
    )
}

type Responder = Box<dyn FnMut(&Value) -> Reply + Send>;

/// The server; stops when dropped.
pub struct LlmServer {
    /// `http://127.0.0.1:<port>/v1`.
    pub base: String,
    requests: Arc<Mutex<Vec<Value>>>,
    headers: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl LlmServer {
    /// Answers requests with `script`, in order (a 500 once it runs out).
    pub fn scripted(script: Vec<Reply>) -> LlmServer {
        let mut queue: VecDeque<Reply> = script.into();
        LlmServer::with(move |_| {
            queue.pop_front().unwrap_or_else(|| Reply::Status(500, "the test script ran out of replies".into()))
        })
    }

    /// Answers each request (its JSON body) with `responder`.
    pub fn with(responder: impl FnMut(&Value) -> Reply + Send + 'static) -> LlmServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}/v1", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let headers = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let responder: Arc<Mutex<Responder>> = Arc::new(Mutex::new(Box::new(responder)));
        listener.set_nonblocking(true).unwrap();
        let (r, h, s) = (requests.clone(), headers.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (r, h, s, resp) = (r.clone(), h.clone(), s.clone(), responder.clone());
                        std::thread::spawn(move || serve(stream, r, h, s, resp));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        LlmServer { base, requests, headers, stop }
    }

    /// The request bodies received so far.
    pub fn requests(&self) -> Vec<Value> {
        self.requests.lock().unwrap().clone()
    }

    /// The raw request heads received so far (request line and headers).
    pub fn heads(&self) -> Vec<String> {
        self.headers.lock().unwrap().clone()
    }
}

impl Drop for LlmServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(
    stream: TcpStream,
    requests: Arc<Mutex<Vec<Value>>>,
    heads: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    responder: Arc<Mutex<Responder>>,
) {
    stream.set_nonblocking(false).ok();
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut out = stream;
    // Keep-alive: several requests may come on one connection.
    loop {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let length = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))
            })
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        heads.lock().unwrap().push(head);
        requests.lock().unwrap().push(body.clone());
        let reply = (responder.lock().unwrap())(&body);
        let written = match reply {
            Reply::Message(message) => {
                let body = json!({
                    "id": "chatcmpl-test", "object": "chat.completion", "created": 1_700_000_000, "model": "scripted",
                    "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": null}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
                })
                .to_string();
                respond(&mut out, 200, "application/json", &[body])
            }
            Reply::Stream(deltas) => {
                let mut events: Vec<String> = deltas
                    .into_iter()
                    .map(|delta| {
                        let chunk = json!({
                            "id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1_700_000_000,
                            "model": "scripted", "choices": [{"index": 0, "delta": delta, "finish_reason": null}]
                        });
                        format!("data: {chunk}\n\n")
                    })
                    .collect();
                events.push("data: [DONE]\n\n".into());
                respond(&mut out, 200, "text/event-stream", &events)
            }
            Reply::Status(status, body) => respond(&mut out, status, "application/json", &[body]),
            Reply::Hang => {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return;
            }
        };
        if written.is_err() {
            return;
        }
    }
}

/// Writes a response whose body is `parts`, each flushed on its own (a stream arrives in pieces).
fn respond(out: &mut TcpStream, status: u16, content_type: &str, parts: &[String]) -> std::io::Result<()> {
    let length: usize = parts.iter().map(String::len).sum();
    let reason = match status {
        200 => "OK",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    };
    write!(out, "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: keep-alive\r\n\r\n")?;
    out.flush()?;
    for part in parts {
        out.write_all(part.as_bytes())?;
        out.flush()?;
        if parts.len() > 1 {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    Ok(())
}
