// A search off the page's thread: the app's own code, loaded a second time, runs one job per
// worker and posts its progress and answer. The page stops it through the shared `stop` flag
// (when the page is cross-origin isolated), or by ending the worker.
import init, { search_in_worker } from "./redlines.js";

try {
  await init();
  self.onmessage = (event) => {
    try {
      const { job, stop } = event.data;
      const report = (visited, stage) => self.postMessage({ visited, stage });
      self.postMessage({ answer: search_in_worker(job, report, stop ?? null) });
    } catch (e) {
      self.postMessage({ error: String(e) });
    }
  };
  self.postMessage({ ready: true });
} catch (e) {
  self.postMessage({ error: "the search worker could not load: " + e });
}
