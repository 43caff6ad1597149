//! The app's socket: accepting connections and speaking HTTP on them.
//!
//! `axum::serve` would do, but it builds hyper with its defaults and gives no way to change
//! them, and one of them is what an open chat stream costs most: hyper's read buffer. It
//! starts at 8 KB and grows as `BytesMut` grows, often to 16 KB (≈ 13 KB on average per
//! open stream, measured with `heaptrack`), and the connection keeps it while an answer
//! streams for a minute. [`serve`] caps it at hyper's minimum, 8 KB (`max_buf_size`), which
//! is then also the most a request's line and headers may take (more: `431`; our cookies
//! and the headers CloudFront and the load balancer add come to a small part of that).
//! Bodies pass through the same buffer, 8 KB at a time.
//!
//! It speaks HTTP/1.1 only: that is what the load balancer's target group speaks to the
//! app (`protocol = "HTTP"` with no protocol version, `infra/terraform/modules/alb`) and
//! what browsers use over plain `http://` on a laptop. `axum::serve` also takes HTTP/2
//! with prior knowledge, and the task of a connection that may be either is larger for
//! every open stream. The rest is what `axum::serve` does: `TCP_NODELAY` on each
//! connection, the peer's address as `ConnectInfo`, and on shutdown no new connections
//! while the open ones finish.

use axum::{extract::ConnectInfo, Router};
use hyper::server::conn::http1;
use hyper_util::{rt::TokioIo, server::graceful::GracefulShutdown, service::TowerToHyperService};
use std::{future::Future, net::SocketAddr, time::Duration};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// The most a request's line and headers may take, and the read buffer every connection
/// keeps: hyper's minimum.
pub const READ_BUFFER: usize = 8 * 1024;

/// The listening socket.
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}

/// The next connection, with `TCP_NODELAY`: a streamed answer is many small writes, and
/// with Nagle's algorithm each one after the first waits for the client's delayed ACK
/// (about 40 ms on Linux) before it leaves. An error that concerns one connection only
/// is skipped; any other (out of file descriptors) is logged and retried a second later.
pub async fn accept(listener: &TcpListener) -> (TcpStream, SocketAddr) {
    loop {
        match listener.accept().await {
            Ok((tcp, peer)) => {
                if let Err(e) = tcp.set_nodelay(true) {
                    tracing::warn!(error = %e, "TCP_NODELAY not set");
                }
                return (tcp, peer);
            }
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                tracing::error!(error = %e, "accepting a connection failed; trying again in a second");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), ConnectionRefused | ConnectionAborted | ConnectionReset)
}

/// Serves `router` on `listener` until `shutdown` completes, then stops accepting and
/// returns once every open connection has finished.
pub async fn serve(listener: TcpListener, router: Router, shutdown: impl Future<Output = ()>) {
    let mut http = http1::Builder::new();
    http.max_buf_size(READ_BUFFER);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            conn = accept(&listener) => conn,
            () = &mut shutdown => break,
        };
        let service = router.clone().map_request(move |mut req: http::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let conn = http.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::trace!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}
