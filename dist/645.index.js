export const id = 645;
export const ids = [645];
export const modules = {

/***/ 66645:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pullRequestNumber: () => (/* binding */ pullRequestNumber),
/* harmony export */   repository: () => (/* binding */ repository),
/* harmony export */   upsertComment: () => (/* binding */ upsertComment)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92413);
/**
 * GitHub REST access for the pull request comment (Octokit, loaded only when `comment: true`). What the comment
 * says, and its marker, are report/comment.ts's.
 */

/** The identity GITHUB_TOKEN writes comments as. */
const ACTIONS_BOT = 'github-actions[bot]';
/**
 * Only a comment written by this token's identity is edited, so a comment someone else wrote
 * with the marker in it cannot be taken over. GITHUB_TOKEN cannot read its own user (403):
 * then the identity is the Actions bot, and no other bot or person.
 */
async function authorFilter(octokit) {
    try {
        const { data } = await octokit.rest.users.getAuthenticated();
        return (author) => author?.login === data.login;
    }
    catch {
        return (author) => author?.login === ACTIONS_BOT;
    }
}
function repository() {
    return _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo;
}
/** The pull request this job runs for, from the event payload the runner wrote. */
function pullRequestNumber() {
    const payload = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.payload;
    const number = payload.pull_request?.number ?? (payload.issue?.pull_request ? payload.issue.number : undefined);
    return typeof number === 'number' ? number : undefined;
}
/**
 * Edits this gate's comment in place, or creates it the first time. Any failure (403 on forks,
 * a token without `pull-requests: write`) is a warning: a comment must never fail the gate.
 */
async function upsertComment(request, logger) {
    const body = request.body;
    try {
        const octokit = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q(request.token, { request: { signal: request.signal } });
        const where = { owner: request.owner, repo: request.repo };
        const isOurs = await authorFilter(octokit);
        let existingId;
        for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
            ...where,
            issue_number: request.issueNumber,
            per_page: 100,
        })) {
            const found = page.data.find((comment) => comment.body?.startsWith(request.marker) && isOurs(comment.user));
            if (found) {
                existingId = found.id;
                break;
            }
        }
        if (existingId !== undefined) {
            try {
                const { data } = await octokit.rest.issues.updateComment({ ...where, comment_id: existingId, body });
                logger.info(`Updated the pull request comment: ${data.html_url}`);
                return { kind: 'updated', url: data.html_url };
            }
            catch (error) {
                // Another bot's comment that happens to hold the marker cannot be edited: write our own.
                if (error.status !== 403)
                    throw error;
                logger.info('The marked comment belongs to another identity; writing a new one');
            }
        }
        const { data } = await octokit.rest.issues.createComment({ ...where, issue_number: request.issueNumber, body });
        logger.info(`Created the pull request comment: ${data.html_url}`);
        return { kind: 'created', url: data.html_url };
    }
    catch (error) {
        const status = error.status;
        const detail = error instanceof Error ? error.message : String(error);
        const hint = status === 403 || status === 404
            ? ' The token may lack `pull-requests: write` (or `issues: write`), or this is a pull request from a fork, whose token is read-only.'
            : '';
        if (request.signal?.aborted) {
            const message = 'The pull request comment was not written: the job was cancelled or the comment took too long. The verdict is unaffected.';
            logger.warning(message);
            return { kind: 'warning', message };
        }
        const message = `Could not write the pull request comment (${status ? `HTTP ${status}: ` : ''}${detail}).${hint} The gate's verdict is unaffected.`;
        logger.warning(message);
        return { kind: 'warning', message };
    }
}


/***/ })

};
