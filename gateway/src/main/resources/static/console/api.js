// Calls to the services through the gateway with the console's cookie session: the HttpOnly
// session cookie goes along by itself; state-changing calls echo the XSRF-TOKEN cookie in
// X-XSRF-TOKEN (double submit). Errors become ApiError carrying the problem detail.
import { language, t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || t('common.unexpected', { status }));
    this.status = status;
    this.problem = problem || {};
  }

  /**
   * A write whose outcome nobody knows: the gateway stopped waiting (504) or the answer never came
   * (network). The service may have done it, so the console never says "failed" or "down" here:
   * it re-reads what was written (verified()) or says it could not tell.
   */
  get outcomeUnknown() {
    return !!this.write && (this.status === 504 || this.status === 0);
  }

  /** The problem type's last part, e.g. "login-failed" for urn:sra:problem:login-failed. */
  get slug() {
    const type = this.problem.type || '';
    return type.substring(type.lastIndexOf(':') + 1);
  }
}

let onSessionEnded = () => {};

export function whenSessionEnds(callback) {
  onSessionEnded = callback;
}

function xsrfToken() {
  const cookie = document.cookie.split('; ').find((entry) => entry.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

/** body: an object sent as JSON, or with contentType a string sent as it is (CSV). */
export async function call(method, path, body, { quietOn401 = false, contentType } = {}) {
  const headers = { 'Accept': 'application/json, application/problem+json', 'Accept-Language': language() };
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = xsrfToken();
  if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
  let answer;
  try {
    answer = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined || contentType ? body : JSON.stringify(body),
    });
  } catch (e) {
    const lost = new ApiError(0, { detail: t(method === 'GET' ? 'common.network' : 'common.outcomeUnknown') });
    lost.write = method !== 'GET';
    throw lost;
  }
  const text = await answer.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch (e) { json = null; }
  }
  if (!answer.ok) {
    const error = method !== 'GET' && answer.status === 504
      ? new ApiError(504, { ...(json || {}), detail: t('common.outcomeUnknown') })
      : new ApiError(answer.status, json);
    error.write = method !== 'GET';
    if (answer.status === 401 && !quietOn401 && !path.startsWith('/ui/session/login')) onSessionEnded(error);
    throw error;
  }
  return json;
}

export const get = (path, options) => call('GET', path, undefined, options);
export const post = (path, body, options) => call('POST', path, body, options);
export const postText = (path, text, contentType) => call('POST', path, text, { contentType });
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);

/**
 * Runs a write; when its outcome is unknown (see ApiError.outcomeUnknown) asks check() whether the
 * thing now exists as written (e.g. the device list read by name) and returns what check() found
 * as if the write had answered. Otherwise the error stands (its text says to look at the list).
 */
export async function writeChecked(write, check) {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof ApiError) || !error.outcomeUnknown || !check) throw error;
    let found = null;
    try { found = await check(); } catch (e) { found = null; }
    if (found) return found;
    throw error;
  }
}

/** A query string of the non-empty values. */
/**
 * For a screen's list loads: each call returns a check that stays true only while no later load
 * has started, so an answer that comes late (an earlier search, or the reload after a bulk action
 * racing the admin's next search) is dropped instead of replacing the newer list.
 */
export function latestOnly() {
  let latest = 0;
  return () => {
    const mine = ++latest;
    return () => mine === latest;
  };
}

export function query(params) {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([key, value]) => {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  });
  const text = search.toString();
  return text ? `?${text}` : '';
}
