import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size.ts';

@ObjectType({ description: 'Сведения о странице списка (Relay)' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor?: string;

  @Field(() => String, { nullable: true })
  endCursor?: string;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Сколько элементов вернуть (по умолчанию ${DEFAULT_PAGE_SIZE}, не больше ${MAX_PAGE_SIZE})`,
  })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Курсор, после которого начинается страница (endCursor предыдущей)' })
  after?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** One page of a list, as services return it; `count` runs only when a client asks for totalCount. */
export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  count: () => Promise<number>;
}

export interface ConnectionShape<T> extends Page<T> {
  totalCount(): Promise<number>;
  nodes: T[];
}

/** Builds the `<Name>Connection` and `<Name>Edge` types of a Relay connection over `node`. */
export function ConnectionType<T extends object>(node: ClassType<T> | (abstract new () => T), name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `Страница списка: ${name}` })
  class Connection implements ConnectionShape<T> {
    @Field(() => [EdgeType])
    edges!: Edge<T>[];

    @Field(() => [node], { description: 'Узлы страницы без курсоров' })
    get nodes(): T[] {
      return this.edges.map((edge) => edge.node);
    }

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    count!: () => Promise<number>;

    @Field(() => Int, { description: 'Сколько всего элементов подходит под условия' })
    totalCount(): Promise<number> {
      return this.count();
    }
  }

  return Connection as unknown as ClassType<ConnectionShape<T>>;
}

export function toConnection<T>(type: ClassType<ConnectionShape<T>>, page: Page<T>): ConnectionShape<T> {
  return Object.assign(new type(), page);
}
