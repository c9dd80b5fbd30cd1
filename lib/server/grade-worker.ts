// A grading thread: the course grader, answering one request at a time. Grading is pure
// CPU work (the simulator), so it runs here rather than on the thread serving requests.
import { parentPort } from 'node:worker_threads'
import { courseGrader } from './course-grader'
import type { Workspace } from './grading'

const grader = courseGrader()

parentPort!.on('message', async (m: { id: number; exerciseId: string; workspace: Workspace }) => {
  try {
    const result = await grader.grade(m.exerciseId, m.workspace)
    parentPort!.postMessage({ id: m.id, result })
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) })
  }
})
