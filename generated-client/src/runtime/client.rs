//! The HTTP client that generated methods send their requests through.

use std::fmt;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_DISPOSITION, CONTENT_TYPE, HeaderValue};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::hostbill_error_messages;
use super::request::{Body, Request};
use super::{BinaryResponse, Error};

/// Credentials sent with every request.
#[derive(Clone)]
enum Auth {
    Basic { username: String, password: String },
    Bearer(String),
}

/// Hides credentials from debug output and logs.
impl fmt::Debug for Auth {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Basic { username, .. } => formatter
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"<redacted>")
                .finish(),
            Auth::Bearer(_) => formatter.write_str("Bearer(<redacted>)"),
        }
    }
}

/// An async client for one portal.
///
/// The base URL includes the API's base path, for example
/// `https://idc.myip.co.kr/api`. Operation paths are appended to it with
/// exactly one `/` between the two, whether or not the base URL ends with
/// one. Cloning is cheap and shares the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    /// Base URL text without a trailing `/`.
    base_url: String,
    auth: Option<Auth>,
}

impl Client {
    /// Creates a client for the portal at `base_url`.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidBaseUrl`] unless `base_url` is an absolute
    /// `http` or `https` URL without a query or fragment, and
    /// [`Error::Transport`] when the HTTP client cannot be built (for
    /// example when no TLS root certificates can be loaded).
    pub fn new(base_url: &str) -> Result<Client, Error> {
        let http = reqwest::Client::builder()
            .user_agent(concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|source| Error::Transport {
                operation: "Client::new",
                source,
            })?;
        Client::with_http_client(base_url, http)
    }

    /// Creates a client that sends its requests through `http`, for callers
    /// that configure timeouts, proxies or TLS themselves.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidBaseUrl`] under the same conditions as
    /// [`Client::new`].
    pub fn with_http_client(base_url: &str, http: reqwest::Client) -> Result<Client, Error> {
        let invalid = |reason: &str| Error::InvalidBaseUrl {
            url: base_url.to_owned(),
            reason: reason.to_owned(),
        };
        let parsed = Url::parse(base_url).map_err(|error| invalid(&error.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(invalid("the base URL must not have a query or fragment"));
        }
        Ok(Client {
            http,
            base_url: parsed.as_str().trim_end_matches('/').to_owned(),
            auth: None,
        })
    }

    /// Returns the client with HTTP Basic authentication: the portal
    /// account's e-mail address and password, sent with every request.
    pub fn with_basic_auth(
        mut self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Client {
        self.auth = Some(Auth::Basic {
            username: username.into(),
            password: password.into(),
        });
        self
    }

    /// Returns the client with Bearer authentication, sending `token` (a
    /// JWT from the portal's login operation) with every request.
    pub fn with_bearer_token(mut self, token: impl Into<String>) -> Client {
        self.auth = Some(Auth::Bearer(token.into()));
        self
    }

    /// Replaces the credentials with a Bearer token, for example after a
    /// token refresh.
    pub fn set_bearer_token(&mut self, token: impl Into<String>) {
        self.auth = Some(Auth::Bearer(token.into()));
    }

    /// Removes the credentials, so that requests are sent anonymously.
    pub fn clear_auth(&mut self) {
        self.auth = None;
    }

    /// Returns the base URL without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Returns the underlying HTTP client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sends a request the spec does not describe and returns its JSON
    /// body, with the same authentication and error handling as the
    /// generated methods.
    ///
    /// `path` is appended to the base URL as it is, so percent-encode any
    /// values in it. `query` pairs are form-encoded in order, which also
    /// makes PHP-style keys such as `items[0][cycle]` possible.
    ///
    /// # Errors
    ///
    /// Returns an [`Error`] as the generated methods do.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Value, Error> {
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        let mut request = Request::new("send_raw", method, path);
        for (name, value) in query {
            request.query(name, *value);
        }
        if let Some(body) = body {
            request.body = Body::Json(body.clone());
        }
        self.send_json(request).await
    }

    /// Sends `request` and returns its JSON body.
    ///
    /// A HostBill error object (`{"error": [...]}`) becomes [`Error::Api`]
    /// whatever the status. A success response that is empty gives
    /// `Value::Null`, and one that is not JSON gives its text as a
    /// `Value::String`, because some portal operations respond with plain
    /// text.
    pub(crate) async fn send_json(&self, request: Request) -> Result<Value, Error> {
        let operation = request.operation;
        let response = self.execute(request).await?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|source| Error::Transport { operation, source })?;

        match serde_json::from_slice::<Value>(&bytes) {
            Ok(value) => {
                if let Some(messages) = hostbill_error_messages(&value) {
                    return Err(Error::Api {
                        operation,
                        status,
                        messages,
                    });
                }
                if !status.is_success() {
                    return Err(status_error(operation, status, &bytes));
                }
                Ok(value)
            }
            Err(_) if !status.is_success() => Err(status_error(operation, status, &bytes)),
            Err(_) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(Value::Null),
            Err(_) => Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned())),
        }
    }

    /// Sends `request` and decodes its JSON body as `T`.
    ///
    /// Error objects are handled as in [`Client::send_json`]. A body that
    /// does not decode gives [`Error::Decode`], whose message names the path
    /// of the offending field (such as `invoice.items[0].id`).
    pub(crate) async fn send_typed<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<T, Error> {
        let operation = request.operation;
        let value = self.send_json(request).await?;
        serde_path_to_error::deserialize(&value).map_err(|error| {
            let path = error.path().to_string();
            let source = error.into_inner();
            Error::Decode {
                operation,
                path,
                source,
                body: value.to_string(),
            }
        })
    }

    /// Sends `request` and returns its body as bytes, with the media type
    /// and file name the portal sent.
    pub(crate) async fn send_binary(&self, request: Request) -> Result<BinaryResponse, Error> {
        let operation = request.operation;
        let response = self.execute(request).await?;
        let status = response.status();
        let media_type = header_text(response.headers().get(CONTENT_TYPE));
        let file_name = header_text(response.headers().get(CONTENT_DISPOSITION))
            .as_deref()
            .and_then(content_disposition_file_name);
        let bytes = response
            .bytes()
            .await
            .map_err(|source| Error::Transport { operation, source })?;

        let is_json = media_type
            .as_deref()
            .is_some_and(|media| media.starts_with("application/json"));
        if is_json || !status.is_success() {
            let messages = serde_json::from_slice::<Value>(&bytes)
                .ok()
                .as_ref()
                .and_then(hostbill_error_messages);
            if let Some(messages) = messages {
                return Err(Error::Api {
                    operation,
                    status,
                    messages,
                });
            }
        }
        if !status.is_success() {
            return Err(status_error(operation, status, &bytes));
        }
        Ok(BinaryResponse {
            media_type,
            file_name,
            bytes: bytes.to_vec(),
        })
    }

    async fn execute(&self, request: Request) -> Result<reqwest::Response, Error> {
        let operation = request.operation;
        let url = format!("{}{}", self.base_url, request.path);
        let url = Url::parse(&url).map_err(|error| Error::InvalidBaseUrl {
            url: url.clone(),
            reason: error.to_string(),
        })?;
        tracing::debug!(operation, method = %request.method, path = %request.path, "sending request");

        let mut builder = self
            .http
            .request(request.method, url)
            .header(ACCEPT, HeaderValue::from_static(request.accept));
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        builder = match &self.auth {
            Some(Auth::Basic { username, password }) => {
                builder.basic_auth(username, Some(password))
            }
            Some(Auth::Bearer(token)) => builder.header(AUTHORIZATION, format!("Bearer {token}")),
            None => builder,
        };
        builder = match request.body {
            Body::Empty => builder,
            Body::Json(value) => builder.json(&value),
            Body::Multipart(form) => builder.multipart(form),
        };
        if !request.form.is_empty() {
            builder = builder.form(&request.form);
        }

        let response = builder
            .send()
            .await
            .map_err(|source| Error::Transport { operation, source })?;
        tracing::debug!(operation, status = %response.status(), "received response");
        Ok(response)
    }
}

fn status_error(operation: &'static str, status: reqwest::StatusCode, bytes: &[u8]) -> Error {
    Error::Status {
        operation,
        status,
        body: String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn header_text(value: Option<&HeaderValue>) -> Option<String> {
    value
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// Returns the `filename` parameter of a `Content-Disposition` header.
fn content_disposition_file_name(header: &str) -> Option<String> {
    header.split(';').find_map(|part| {
        let value = part.trim().strip_prefix("filename=")?;
        Some(value.trim_matches('"').to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_trailing_slash_removed() {
        let client = Client::new("https://billing.example.com/api/").expect("valid URL");
        assert_eq!(client.base_url(), "https://billing.example.com/api");
    }

    #[test]
    fn base_url_without_scheme_rejected() {
        let error = Client::new("billing.example.com/api").expect_err("not absolute");
        assert!(matches!(error, Error::InvalidBaseUrl { .. }), "{error}");
    }

    #[test]
    fn base_url_with_query_rejected() {
        let error = Client::new("https://x.example/api?cmd=userapi").expect_err("has a query");
        assert!(error.to_string().contains("query"), "{error}");
    }

    #[test]
    fn ftp_base_url_rejected() {
        let error = Client::new("ftp://x.example/api").expect_err("wrong scheme");
        assert!(error.to_string().contains("http or https"), "{error}");
    }

    #[test]
    fn credentials_not_in_debug_output() {
        let client = Client::new("https://x.example/api")
            .expect("valid URL")
            .with_basic_auth("user@example.com", "secret-password");
        let debug = format!("{client:?}");
        assert!(!debug.contains("secret-password"), "{debug}");
        let client = client.with_bearer_token("secret-token");
        assert!(!format!("{client:?}").contains("secret-token"));
    }

    #[test]
    fn file_name_from_content_disposition() {
        let name = content_disposition_file_name("attachment; filename=\"invoice 5.pdf\"");
        assert_eq!(name.as_deref(), Some("invoice 5.pdf"));
    }
}
