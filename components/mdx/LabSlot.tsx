import { Lab } from '@/components/lab/Lab'
import type { LabProps } from '@/components/lab/Lab'

/**
 * Where a lesson places its lab. The slot lets the lesson layout find the lab: on narrow
 * screens the "Lesson" / "Lab" switch shows either the text or this slot, and in the text
 * view a short note stands in for the lab.
 */
export function LabSlot(props: LabProps) {
  return (
    <div className="lab-slot" data-lab-id={props.id}>
      <p className="lab-slot-note">
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
          <rect x="2" y="3" width="16" height="12" rx="2" />
          <path d="M7 18h6M5.5 7.5l2.5 2-2.5 2M10 11.5h4" />
        </svg>
        <span>
          This lesson’s lab{props.title ? ` (${props.title})` : ''} is here. Open it with the
          <strong> Lab </strong>
          button at the top of the lesson.
        </span>
      </p>
      <div className="lab-slot-body">
        <Lab {...props} />
      </div>
    </div>
  )
}
