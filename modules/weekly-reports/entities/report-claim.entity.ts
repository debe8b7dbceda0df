import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A record's claim on an answer it marked done (services/plan-item-port.ts): every record that answered
 * the item keeps one, so the answer falls back to another when one is withdrawn. The latest (highest id)
 * is what the answer shows. Not in the schema: the answer names its record (`ReportAnswer.sourceRef`).
 */
@Entity('wr_report_claim')
export class ReportClaim {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'report_id', type: 'int' })
  reportId: number;

  @Column({ name: 'item_id', type: 'int' })
  itemId: number;

  @Column({ name: 'source_ref', type: 'text' })
  sourceRef: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
