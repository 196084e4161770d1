//! A lean HTTP/1.1 keep-alive client for the load generators: one TCP connection, one
//! request at a time, `Content-Length` bodies only (what the chuanyu server answers).
//!
//! The generator runs in the same process and on the same two cores as the server it
//! measures, so every cycle it spends is taken from the server. A general client (reqwest
//! over hyper, with its pool, header maps and body streams) cost ≈ 10 % of the CPU of a
//! CBEC run; this one writes a request as one buffer and reads the answer into one, which
//! is all a load generator needs (as `wrk` or `ab` do).

use anyhow::Context;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The largest response head read (status line and headers).
pub const RESPONSE_HEAD_MAX: usize = 16 * 1024;
/// The largest response body read.
pub const RESPONSE_BODY_MAX: usize = 8 * 1024 * 1024;

/// An answer: status code and body.
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

/// One keep-alive connection to `addr`, opened on first use and again after the server
/// closed it.
pub struct Client {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    request: Vec<u8>,
    buf: Vec<u8>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Self {
        Client {
            addr,
            stream: None,
            request: Vec::with_capacity(4096),
            buf: Vec::with_capacity(4096),
        }
    }

    /// `POST path` with the bearer key and body; the answer in full.
    pub async fn post(
        &mut self,
        path: &str,
        bearer: &str,
        content_type: &str,
        body: &[u8],
    ) -> anyhow::Result<Response> {
        self.request.clear();
        self.request.extend_from_slice(b"POST ");
        self.request.extend_from_slice(path.as_bytes());
        self.request.extend_from_slice(b" HTTP/1.1\r\nHost: ");
        self.request
            .extend_from_slice(self.addr.to_string().as_bytes());
        self.request
            .extend_from_slice(b"\r\nAuthorization: Bearer ");
        self.request.extend_from_slice(bearer.as_bytes());
        self.request.extend_from_slice(b"\r\nContent-Type: ");
        self.request.extend_from_slice(content_type.as_bytes());
        self.request.extend_from_slice(b"\r\nContent-Length: ");
        self.request
            .extend_from_slice(body.len().to_string().as_bytes());
        self.request.extend_from_slice(b"\r\n\r\n");
        self.request.extend_from_slice(body);
        // A kept-alive connection the server has since closed fails on write or answers
        // nothing: then once more on a new connection (the request was not processed).
        let reused = self.stream.is_some();
        match self.exchange().await {
            Ok(r) => Ok(r),
            Err(Failure::Closed) if reused => {
                self.stream = None;
                self.exchange().await.map_err(Failure::into_error)
            }
            Err(e) => {
                self.stream = None;
                Err(e.into_error())
            }
        }
    }

    async fn exchange(&mut self) -> Result<Response, Failure> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(self.addr)
                .await
                .with_context(|| format!("connecting to {}", self.addr))?;
            stream.set_nodelay(true).context("TCP_NODELAY")?;
            self.stream = Some(stream);
        }
        let stream = self.stream.as_mut().expect("connected above");
        if stream.write_all(&self.request).await.is_err() {
            return Err(Failure::Closed);
        }
        self.buf.clear();
        // The head.
        let head_end = loop {
            if let Some(i) = find(&self.buf, b"\r\n\r\n") {
                break i + 4;
            }
            if self.buf.len() > RESPONSE_HEAD_MAX {
                return Err(
                    anyhow::anyhow!("response head longer than {RESPONSE_HEAD_MAX} bytes").into(),
                );
            }
            let n = stream.read_buf(&mut self.buf).await.context("reading")?;
            if n == 0 {
                return Err(if self.buf.is_empty() {
                    Failure::Closed
                } else {
                    anyhow::anyhow!("connection closed inside a response head").into()
                });
            }
        };
        let head = std::str::from_utf8(&self.buf[..head_end]).context("response head")?;
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("status line {status_line:?}"))?;
        let mut length = None;
        let mut close = false;
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.parse::<usize>().context("content-length")?);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                return Err(anyhow::anyhow!("transfer-encoding {value} is not read").into());
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.eq_ignore_ascii_case("close");
            }
        }
        let length = length.context("a response without content-length")?;
        if length > RESPONSE_BODY_MAX {
            return Err(anyhow::anyhow!("response body of {length} bytes").into());
        }
        while self.buf.len() < head_end + length {
            let n = stream.read_buf(&mut self.buf).await.context("reading")?;
            if n == 0 {
                return Err(anyhow::anyhow!("connection closed inside a response body").into());
            }
        }
        if self.buf.len() > head_end + length {
            return Err(anyhow::anyhow!("bytes after the response (nothing was pipelined)").into());
        }
        if close {
            self.stream = None;
        }
        Ok(Response {
            status,
            body: self.buf[head_end..].to_vec(),
        })
    }
}

enum Failure {
    /// The connection was closed before any byte of an answer.
    Closed,
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

impl Failure {
    fn into_error(self) -> anyhow::Error {
        match self {
            Failure::Closed => anyhow::anyhow!("the server closed the connection"),
            Failure::Other(e) => e,
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    /// A server that answers each request on a connection with `answers` in turn, then
    /// closes it.
    async fn server(answers: Vec<&'static [u8]>) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            loop {
                let (mut s, _) = listener.accept().await.unwrap();
                let answers = answers.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    for answer in answers {
                        // Read one request: head, then content-length bytes.
                        let end = loop {
                            if let Some(i) = find(&buf, b"\r\n\r\n") {
                                break i + 4;
                            }
                            if s.read_buf(&mut buf).await.unwrap() == 0 {
                                return;
                            }
                        };
                        let head = String::from_utf8_lossy(&buf[..end]).to_string();
                        let len: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("Content-Length: "))
                            .unwrap()
                            .parse()
                            .unwrap();
                        while buf.len() < end + len {
                            s.read_buf(&mut buf).await.unwrap();
                        }
                        assert!(head.contains("Authorization: Bearer k1\r\n"));
                        buf.drain(..end + len);
                        s.write_all(answer).await.unwrap();
                    }
                });
            }
        });
        addr
    }

    #[tokio::test]
    async fn keeps_alive_reconnects_and_refuses_what_it_cannot_read() {
        let addr = server(vec![
            b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello",
            b"HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno",
        ])
        .await;
        let mut c = Client::new(addr);
        let r = c
            .post("/x", "k1", "application/xml", b"<a/>")
            .await
            .unwrap();
        assert_eq!((r.status, r.text().as_ref()), (200, "hello"));
        let r = c
            .post("/x", "k1", "application/xml", b"<b/>")
            .await
            .unwrap();
        assert_eq!((r.status, r.text().as_ref()), (403, "no"));
        // The server closed the connection after two answers: a new one is opened.
        let r = c
            .post("/x", "k1", "application/xml", b"<c/>")
            .await
            .unwrap();
        assert_eq!((r.status, r.text().as_ref()), (200, "hello"));

        let chunked = server(vec![
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        ])
        .await;
        let e = Client::new(chunked)
            .post("/x", "k1", "application/xml", b"<a/>")
            .await
            .err()
            .unwrap();
        assert!(e.to_string().contains("transfer-encoding"), "{e}");
    }
}
