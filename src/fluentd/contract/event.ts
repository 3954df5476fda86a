// One event between two stages of the model: a tag and a record (Fluentd's event time is
// carried in the record, as the configuration does, and not modelled separately).
export type FluentRecord = Record<string, unknown>;

export interface FluentEvent {
  tag: string;
  record: FluentRecord;
}
