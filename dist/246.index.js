export const id = 246;
export const ids = [246];
export const modules = {

/***/ 2246:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commentMarker: () => (/* binding */ commentMarker),
/* harmony export */   pullRequestNumber: () => (/* binding */ pullRequestNumber),
/* harmony export */   repository: () => (/* binding */ repository),
/* harmony export */   upsertComment: () => (/* binding */ upsertComment)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);

/** GitHub refuses comments over 65,536 characters. */
const MAX_COMMENT_CHARS = 60_000;
function commentMarker(suiteId) {
    return `<!-- mka1-eval-gate suite=${suiteId.replace(/[^\w.-]/g, '_')} -->`;
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
    const body = `${request.marker}\n${request.body.length > MAX_COMMENT_CHARS ? `${request.body.slice(0, MAX_COMMENT_CHARS)}\n\n_…truncated; see the job summary._` : request.body}`;
    try {
        const octokit = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q(request.token);
        const where = { owner: request.owner, repo: request.repo };
        let existingId;
        for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
            ...where,
            issue_number: request.issueNumber,
            per_page: 100,
        })) {
            const found = page.data.find((comment) => comment.body?.includes(request.marker));
            if (found) {
                existingId = found.id;
                break;
            }
        }
        if (existingId !== undefined) {
            const { data } = await octokit.rest.issues.updateComment({ ...where, comment_id: existingId, body });
            logger.info(`Updated the pull request comment: ${data.html_url}`);
            return { kind: 'updated', url: data.html_url };
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
        const message = `Could not write the pull request comment (${status ? `HTTP ${status}: ` : ''}${detail}).${hint} The gate's verdict is unaffected.`;
        logger.warning(message);
        return { kind: 'warning', message };
    }
}


/***/ })

};
