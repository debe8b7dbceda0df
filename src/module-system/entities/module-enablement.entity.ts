import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A locality's own switch for a module; the nearest ancestor-or-self row decides. */
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

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
