import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A locality's own switch for a module over a period; the nearest ancestor-or-self row valid on a day
 * decides for that day. The current setting has no `validTo`.
 */
@Entity('module_enablement')
export class ModuleEnablement {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ type: 'text' })
  module: string;

  @Column({ type: 'boolean' })
  enabled: boolean;

  /** '-infinity' for a setting made before switches kept their history. */
  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @Column({ name: 'set_by', type: 'int', nullable: true })
  setBy: number | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
