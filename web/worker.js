// A search off the page's thread: the app's own code, loaded a second time, runs one search
// per worker and posts its progress and answer. The page stops it by ending the worker.
import init, { search_in_worker } from "./redlines.js";

try {
  await init();
  self.onmessage = (event) => {
    try {
      const answer = search_in_worker(event.data, (visited, stage) => self.postMessage({ visited, stage }));
      self.postMessage({ answer });
    } catch (e) {
      self.postMessage({ error: String(e) });
    }
  };
  self.postMessage({ ready: true });
} catch (e) {
  self.postMessage({ error: "the search worker could not load: " + e });
}
