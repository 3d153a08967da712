/** Events as the API answers them (docs/api.md, "Events"). */
export type EventKind = 'outreach' | 'training';
export type Audience = 'staff' | 'public';
export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled';

export interface Material {
  kind: 'slides' | 'recording' | 'handout' | 'other';
  label: string;
  url: string;
}

export interface EventLocal {
  startDate: string;
  startTime: string;
  startOffset: string;
  endDate: string;
  endTime: string;
  endOffset: string;
  registrationOpens: string;
  registrationCloses: string;
}

export interface EventJson {
  id: string;
  kind: EventKind;
  audience: Audience;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  when: string;
  until: string;
  local: EventLocal;
  durationMinutes: number;
  capacity: number | null;
  presenters: string[];
  completionPercent: number;
  requiredMinutes: number;
  status: 'scheduled' | 'cancelled';
  cancelReason: string | null;
  hasMeeting: boolean;
  joinUrl: string | null;
  publicUrl: string | null;
  materials: Material[];
  organizerName: string;
  attendanceReadAt: string | null;
  version: number;
  registeredCount: number;
  seatsLeft: number | null;
  mine: { status: RegistrationStatus; attendedMinutes: number | null } | null;
}

export interface CertificateJson {
  id: string;
  code: string;
  status: 'valid' | 'revoked';
  issuedAt: string;
  revokedReason: string | null;
  downloadUrl: string;
}

export interface RegistrationJson {
  id: string;
  name: string;
  email: string | null;
  kind: 'staff' | 'public';
  status: RegistrationStatus;
  registeredAt: string;
  attendedMinutes: number | null;
  attendanceSource: 'report' | 'manual' | null;
  completed: boolean;
  certificate: CertificateJson | null;
}

export interface EventDetailJson {
  event: EventJson;
  meetingsEnabled: boolean;
  registrations?: RegistrationJson[];
  unmatchedAttendees?: Array<{ name: string; email: string | null; minutes: number }>;
  certificatesEnabled?: boolean;
  outcome?: { kind: string; matched?: number; unmatched?: number; certificates?: number };
}

export interface EventListJson {
  items: EventJson[];
  canManage: boolean;
  meetingsEnabled: boolean;
  timeZone: string;
}

export const NO_MEETING = 'No Teams meeting: Graph is not configured';
