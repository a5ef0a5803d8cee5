//! Errors: [`ApiError`] for requests (one table maps each kind to a status and a code) and
//! [`ServerError`] for starting and running the server.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use parallax_engine::EngineError;

/// Why a request failed. Client errors carry what the client needs to fix the request;
/// internal errors carry their cause for the log only.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid query string: {message}")]
    InvalidQuery { message: String },
    #[error("invalid parameter `{name}`: {reason}")]
    InvalidParameter { name: &'static str, reason: String },
    #[error("missing parameter `{name}`")]
    MissingParameter { name: &'static str },
    #[error("invalid request body: {message}")]
    InvalidBody { message: String },
    #[error("request body too large: the limit is {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("missing or wrong API token: send `Authorization: Bearer <token>`")]
    Unauthorized,
    #[error("ingest over HTTP is disabled: set PARALLAX_API_TOKEN when starting the server")]
    IngestDisabled,
    #[error("no event with id `{id}`")]
    EventNotFound { id: String },
    #[error("no article with id `{id}`")]
    ArticleNotFound { id: String },
    #[error("no route for {path}")]
    RouteNotFound { path: String },
    #[error("method {method} not allowed here")]
    MethodNotAllowed { method: String },
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The body of every error response: `{"error": {"code", "message"}}`.
#[derive(Debug, serde::Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Debug, serde::Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: String,
}

impl ApiError {
    /// The table: every kind of error, its HTTP status and its machine-readable code.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::InvalidQuery { .. } => (StatusCode::BAD_REQUEST, "invalid_query"),
            Self::InvalidParameter { .. } => (StatusCode::BAD_REQUEST, "invalid_parameter"),
            Self::MissingParameter { .. } => (StatusCode::BAD_REQUEST, "missing_parameter"),
            Self::InvalidBody { .. } => (StatusCode::BAD_REQUEST, "invalid_body"),
            Self::PayloadTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::IngestDisabled => (StatusCode::FORBIDDEN, "ingest_disabled"),
            Self::EventNotFound { .. } => (StatusCode::NOT_FOUND, "event_not_found"),
            Self::ArticleNotFound { .. } => (StatusCode::NOT_FOUND, "article_not_found"),
            Self::RouteNotFound { .. } => (StatusCode::NOT_FOUND, "route_not_found"),
            Self::MethodNotAllowed { .. } => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// What the client is told. For server errors a fixed text: the cause goes to the log.
    pub fn public_message(&self) -> String {
        if self.status_and_code().0.is_server_error() {
            "internal error; the details are in the server log".to_string()
        } else {
            self.to_string()
        }
    }

    pub(crate) fn internal(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(error))
    }

    /// Logs server errors with their cause chain; call once per failed response.
    pub(crate) fn log(&self) {
        if let Self::Internal(source) = self {
            let mut chain = source.to_string();
            let mut cause = source.source();
            while let Some(inner) = cause {
                chain.push_str(": ");
                chain.push_str(&inner.to_string());
                cause = inner.source();
            }
            tracing::error!(error = %chain, "request failed");
        }
    }
}

impl From<EngineError> for ApiError {
    fn from(error: EngineError) -> Self {
        match error {
            EngineError::EventNotFound { id } => Self::EventNotFound { id },
            EngineError::ArticleNotFound { id } => Self::ArticleNotFound { id },
            other => Self::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let (status, code) = self.status_and_code();
        let body = ErrorBody { error: ErrorDetail { code, message: self.public_message() } };
        let mut response = (status, Json(body)).into_response();
        if matches!(self, Self::Unauthorized) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("the server stopped with an error: {0}")]
    Serve(#[source] std::io::Error),
}
